package dev.dockhand.docker;

import java.util.ArrayList;
import java.util.List;

/**
 * A target group's success codes ("Matcher"), as the stack writes them: single codes and ranges joined by
 * commas ({@code 200}, {@code 200,202}, {@code 200-399}). Parsed from the same text the stack template
 * gets, so the local test and the rehearsal accept exactly what the load balancer will.
 */
public record HttpCodes(String text, List<HttpCodes.Range> ranges) {

    /** Codes from {@code from} to {@code to}, both included. */
    public record Range(int from, int to) {
    }

    public HttpCodes {
        ranges = List.copyOf(ranges);
    }

    /** The matcher from its text; an error names what is wrong with it. */
    public static HttpCodes parse(String text) {
        List<Range> ranges = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.strip();
            int dash = p.indexOf('-');
            try {
                int from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash).strip());
                int to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1).strip());
                if (from < 100 || to > 599 || from > to) {
                    throw new IllegalArgumentException("\"" + p + "\" is not an HTTP status code or range of them (100-599)");
                }
                ranges.add(new Range(from, to));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("\"" + p + "\" in the health check's success codes \"" + text
                        + "\" is not a status code or a range like 200-399", e);
            }
        }
        return new HttpCodes(text.strip(), ranges);
    }

    /** True when {@code status} is one of the success codes. */
    public boolean matches(int status) {
        return ranges.stream().anyMatch(r -> status >= r.from() && status <= r.to());
    }

    @Override
    public String toString() {
        return text;
    }
}
