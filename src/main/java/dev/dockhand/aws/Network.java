package dev.dockhand.aws;

import software.amazon.awssdk.services.ec2.model.DescribeRouteTablesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeVpcsRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Vpc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * VPCs and subnets to run in: proposes the default VPC and subnets in two or more Availability Zones,
 * and tells public from private subnets by their route tables (a route to an internet gateway).
 */
public final class Network {

    public record VpcChoice(String id, String cidr, boolean isDefault, String name) {
    }

    public record SubnetChoice(String id, String availabilityZone, String cidr, boolean isPublic, String name) {
    }

    /** A proposal: the VPC, public subnets for the load balancer, subnets for the tasks. */
    public record Proposal(String vpcId, List<String> loadBalancerSubnets, List<String> taskSubnets, boolean privateTasks) {
    }

    private final AwsSession session;

    public Network(AwsSession session) {
        this.session = session;
    }

    public List<VpcChoice> vpcs() throws AwsFailure {
        List<Vpc> vpcs = session.call("listing VPCs (EC2 DescribeVpcs)",
                () -> session.ec2().describeVpcs(DescribeVpcsRequest.builder().build()).vpcs());
        return vpcs.stream().map(v -> new VpcChoice(v.vpcId(), v.cidrBlock(), Boolean.TRUE.equals(v.isDefault()),
                        v.tags().stream().filter(t -> t.key().equals("Name")).map(t -> t.value()).findFirst().orElse("")))
                .sorted(Comparator.comparing((VpcChoice v) -> !v.isDefault()).thenComparing(VpcChoice::id)).toList();
    }

    public List<SubnetChoice> subnets(String vpcId) throws AwsFailure {
        Filter inVpc = Filter.builder().name("vpc-id").values(vpcId).build();
        List<Subnet> subnets = session.call("listing subnets (EC2 DescribeSubnets)",
                () -> session.ec2().describeSubnets(DescribeSubnetsRequest.builder().filters(inVpc).build()).subnets());
        List<RouteTable> tables = session.call("reading route tables (EC2 DescribeRouteTables)",
                () -> session.ec2().describeRouteTables(DescribeRouteTablesRequest.builder().filters(inVpc).build()).routeTables());
        RouteTable main = tables.stream().filter(t -> t.associations().stream().anyMatch(a -> Boolean.TRUE.equals(a.main())))
                .findFirst().orElse(null);
        List<SubnetChoice> out = new ArrayList<>();
        for (Subnet subnet : subnets) {
            RouteTable table = tables.stream().filter(t -> t.associations().stream()
                    .anyMatch(a -> subnet.subnetId().equals(a.subnetId()))).findFirst().orElse(main);
            boolean isPublic = table != null && table.routes().stream().anyMatch(r ->
                    "0.0.0.0/0".equals(r.destinationCidrBlock()) && r.gatewayId() != null && r.gatewayId().startsWith("igw-"));
            out.add(new SubnetChoice(subnet.subnetId(), subnet.availabilityZone(), subnet.cidrBlock(), isPublic,
                    subnet.tags().stream().filter(t -> t.key().equals("Name")).map(t -> t.value()).findFirst().orElse("")));
        }
        out.sort(Comparator.comparing(SubnetChoice::availabilityZone).thenComparing(SubnetChoice::id));
        return out;
    }

    /**
     * The default VPC (or the only one) with one public subnet per Availability Zone for the load
     * balancer; tasks go in private subnets (one per AZ) when {@code privateTasks}, else in the same
     * public subnets.
     */
    public Proposal propose(String vpcId, boolean privateTasks) throws AwsFailure {
        String vpc = vpcId;
        if (vpc == null) {
            List<VpcChoice> vpcs = vpcs();
            Optional<VpcChoice> chosen = vpcs.stream().filter(VpcChoice::isDefault).findFirst()
                    .or(() -> vpcs.size() == 1 ? Optional.of(vpcs.get(0)) : Optional.empty());
            vpc = chosen.map(VpcChoice::id).orElseThrow(() -> new AwsFailure(vpcs.isEmpty()
                    ? "This account has no VPC in " + session.region() + ": create one (e.g. `aws ec2 create-default-vpc`)."
                    : "There is no default VPC in " + session.region() + ": choose one with --vpc ("
                    + String.join(", ", vpcs.stream().map(VpcChoice::id).toList()) + ").", null, true));
        }
        List<SubnetChoice> subnets = subnets(vpc);
        List<String> publicPerZone = onePerZone(subnets.stream().filter(SubnetChoice::isPublic).toList());
        if (publicPerZone.size() < 2) {
            throw new AwsFailure("VPC " + vpc + " has public subnets in " + publicPerZone.size() + " Availability Zone(s); "
                    + "an application load balancer needs two or more. Add a public subnet in another zone, or choose "
                    + "another VPC.", null, true);
        }
        List<String> tasks = publicPerZone;
        if (privateTasks) {
            tasks = onePerZone(subnets.stream().filter(s -> !s.isPublic()).toList());
            if (tasks.size() < 2) {
                throw new AwsFailure("VPC " + vpc + " has private subnets in " + tasks.size() + " Availability Zone(s); "
                        + "run the tasks in public subnets, or add private subnets (with a NAT gateway) in two zones.", null, true);
            }
        }
        return new Proposal(vpc, publicPerZone, tasks, privateTasks);
    }

    private static List<String> onePerZone(List<SubnetChoice> subnets) {
        Map<String, String> byZone = new LinkedHashMap<>();
        subnets.forEach(s -> byZone.putIfAbsent(s.availabilityZone(), s.id()));
        return List.copyOf(byZone.values());
    }
}
