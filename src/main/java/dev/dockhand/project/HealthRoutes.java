package dev.dockhand.project;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Health routes that are not written out at top level: under a router mounted at a prefix, in a NestJS
 * controller, in a Fastify autoload folder, in a Flask blueprint or FastAPI router. Each route's full path
 * is the mount prefix, the router's own prefix and the route joined.
 */
final class HealthRoutes {

    private static final Pattern HEALTH_WORD = Pattern.compile("(?:^|/)(?:healthz|healthcheck|health|readyz|ready|livez|ping)(?:/|$)");

    private static final Pattern NEST_CONTROLLER = Pattern.compile(
            "@Controller\\s*\\(\\s*(?:['\"`]([^'\"`]*)['\"`]|\\{[^}]*path\\s*:\\s*['\"`]([^'\"`]*)['\"`][^}]*\\})?\\s*\\)");
    private static final Pattern NEST_GET = Pattern.compile("@(?:Get|All|Head)\\s*\\(\\s*(?:['\"`]([^'\"`]*)['\"`])?\\s*\\)");
    private static final Pattern NEST_GLOBAL_PREFIX = Pattern.compile("setGlobalPrefix\\s*\\(\\s*['\"`]([^'\"`]+)['\"`]");

    /** {@code router.get('/health', ...)} on anything but the app itself. */
    private static final Pattern ROUTER_GET = Pattern.compile("\\b(\\w+)\\.(?:get|all|head)\\s*\\(\\s*['\"`](/[^'\"`]*)['\"`]");
    /** {@code app.use('/api', healthRouter)} or {@code app.use('/api', require('./routes/health'))}. */
    private static final Pattern MOUNT = Pattern.compile(
            "\\.(?:use|register)\\s*\\(\\s*['\"`](/[^'\"`]*)['\"`]\\s*,\\s*(?:require\\s*\\(\\s*['\"`]([^'\"`]+)['\"`]\\s*\\)|(\\w+))");
    private static final Pattern IMPORT = Pattern.compile(
            "(?:import\\s+(\\w+)\\s+from\\s+['\"`]([^'\"`]+)['\"`]|(?:const|let|var)\\s+(\\w+)\\s*=\\s*require\\s*\\(\\s*['\"`]([^'\"`]+)['\"`]\\s*\\))");
    /** {@code import { healthRouter, other as x } from './app/health'} and {@code const { r } = require(...)}. */
    private static final Pattern NAMED_IMPORT = Pattern.compile(
            "(?:import\\s*\\{([^}]*)\\}\\s*from|(?:const|let|var)\\s*\\{([^}]*)\\}\\s*=\\s*require\\s*\\()\\s*['\"`]([^'\"`]+)['\"`]");
    private static final Pattern ROOT_GET = Pattern.compile(
            "\\b(?:app|server|fastify|router)\\.(?:get|all)\\s*\\(\\s*['\"`]/['\"`]|@(?:app|router|\\w+)\\.(?:get|route)\\s*\\(\\s*['\"]/['\"]");

    private static final Pattern PY_ROUTER_PREFIX = Pattern.compile(
            "(\\w+)\\s*=\\s*(?:APIRouter|Blueprint)\\s*\\([^)]*?(?:url_)?prefix\\s*=\\s*['\"]([^'\"]*)['\"]");
    private static final Pattern PY_ROUTE = Pattern.compile("@(\\w+)\\.(?:get|route|api_route)\\s*\\(\\s*['\"]([^'\"]*)['\"]");
    private static final Pattern PY_INCLUDE = Pattern.compile(
            "(?:include_router|register_blueprint)\\s*\\(\\s*(?:(\\w+)\\.)?(\\w+)\\s*,[^)]*?(?:url_)?prefix\\s*=\\s*['\"]([^'\"]*)['\"]");

    private HealthRoutes() {
    }

    /** A health route of a Node.js app found through its routers, or empty. */
    static Optional<String> node(ProjectFiles files, List<String> sources, String appDir, boolean fastifyAutoload) {
        String globalPrefix = "";
        for (String file : sources) {
            Matcher m = NEST_GLOBAL_PREFIX.matcher(files.text(file).orElse(""));
            if (m.find()) {
                globalPrefix = m.group(1);
            }
        }
        for (String file : sources) {
            String text = files.text(file).orElse("");
            Matcher controller = NEST_CONTROLLER.matcher(text);
            if (controller.find()) {
                String base = controller.group(1) != null ? controller.group(1) : controller.group(2) != null ? controller.group(2) : "";
                Matcher get = NEST_GET.matcher(text);
                while (get.find()) {
                    String path = join(globalPrefix, base, get.group(1) == null ? "" : get.group(1));
                    if (HEALTH_WORD.matcher(path).find()) {
                        return Optional.of(path);
                    }
                }
            }
        }
        if (fastifyAutoload) {
            Pattern routesDir = Pattern.compile(Pattern.quote(NodeDetector.prefix(appDir)) + "(?:src/)?routes/(.*)");
            for (String file : sources) {
                Matcher inRoutes = routesDir.matcher(file);
                if (!inRoutes.matches()) {
                    continue;
                }
                String relative = inRoutes.group(1);
                String folder = relative.contains("/") ? relative.substring(0, relative.lastIndexOf('/')) : "";
                Matcher get = Pattern.compile("\\.(?:get|all)\\s*\\(\\s*['\"`](/[^'\"`]*)['\"`]").matcher(files.text(file).orElse(""));
                while (get.find()) {
                    String path = join(folder, get.group(1));
                    if (HEALTH_WORD.matcher(path).find()) {
                        return Optional.of(path);
                    }
                }
            }
        }
        // Express/Koa routers: a route on a router, and the router mounted at a prefix in another file.
        for (String file : sources) {
            String text = files.text(file).orElse("");
            Matcher route = ROUTER_GET.matcher(text);
            while (route.find()) {
                if (route.group(1).equals("app")) {
                    continue;
                }
                for (String mountPrefix : mountsOf(files, sources, file, route.group(1))) {
                    String path = join(mountPrefix, route.group(2));
                    if (HEALTH_WORD.matcher(path).find()) {
                        return Optional.of(path);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The prefixes at which other files mount what {@code file} exports. */
    private static List<String> mountsOf(ProjectFiles files, List<String> sources, String file, String router) {
        List<String> prefixes = new ArrayList<>();
        // A router mounted in its own file: app.use('/health', health).
        Matcher local = MOUNT.matcher(files.text(file).orElse(""));
        while (local.find()) {
            if (router.equals(local.group(3))) {
                prefixes.add(local.group(1));
            }
        }
        String stem = file.replaceAll("\\.[cm]?[jt]sx?$", "").replaceAll("/index$", "");
        for (String other : sources) {
            if (other.equals(file)) {
                continue;
            }
            String text = files.text(other).orElse("");
            String dir = other.contains("/") ? other.substring(0, other.lastIndexOf('/')) : "";
            Matcher mount = MOUNT.matcher(text);
            while (mount.find()) {
                String specifier = mount.group(2);
                if (specifier == null) {
                    Matcher imp = IMPORT.matcher(text);
                    while (imp.find()) {
                        String name = imp.group(1) != null ? imp.group(1) : imp.group(3);
                        if (name.equals(mount.group(3))) {
                            specifier = imp.group(2) != null ? imp.group(2) : imp.group(4);
                        }
                    }
                    Matcher named = NAMED_IMPORT.matcher(text);
                    while (named.find()) {
                        String list = named.group(1) != null ? named.group(1) : named.group(2);
                        for (String item : list.split(",")) {
                            String alias = item.strip().replaceAll("^.*\\s+as\\s+|^.*:\\s*", "");
                            if (alias.equals(mount.group(3))) {
                                specifier = named.group(3);
                            }
                        }
                    }
                }
                if (specifier != null && specifier.startsWith(".")
                        && resolve(dir, specifier).replaceAll("\\.[cm]?[jt]sx?$", "").replaceAll("/index$", "").equals(stem)) {
                    prefixes.add(mount.group(1));
                }
            }
        }
        return prefixes;
    }

    /** A health route of a Python app under a blueprint or router prefix, or empty. */
    static Optional<String> python(ProjectFiles files, List<String> sources) {
        java.util.Map<String, String> included = new java.util.HashMap<>();
        for (String file : sources) {
            Matcher include = PY_INCLUDE.matcher(files.text(file).orElse(""));
            while (include.find()) {
                // app.include_router(items.router, prefix="/api"): the router of module items only.
                included.put(include.group(1) == null ? include.group(2) : include.group(1) + "." + include.group(2), include.group(3));
            }
        }
        for (String file : sources) {
            String text = files.text(file).orElse("");
            java.util.Map<String, String> own = new java.util.HashMap<>();
            Matcher prefix = PY_ROUTER_PREFIX.matcher(text);
            while (prefix.find()) {
                own.put(prefix.group(1), prefix.group(2));
            }
            Matcher route = PY_ROUTE.matcher(text);
            while (route.find()) {
                String router = route.group(1);
                String module = file.substring(file.lastIndexOf('/') + 1).replaceAll("\\.py$", "");
                String mount = included.getOrDefault(module + "." + router, included.getOrDefault(router, ""));
                String path = join(mount, own.getOrDefault(router, ""), route.group(2));
                if (HEALTH_WORD.matcher(path).find()) {
                    return Optional.of(path);
                }
            }
        }
        return Optional.empty();
    }

    /** True when the app answers a plain {@code GET /}: usable as a health path when there is no other. */
    static boolean answersRoot(ProjectFiles files, List<String> sources) {
        return sources.stream().anyMatch(f -> ROOT_GET.matcher(files.text(f).orElse("")).find());
    }

    static final String ROOT_HEALTH_PATH = "root-health-path";

    static Finding rootAsHealthPath() {
        return new Finding(ROOT_HEALTH_PATH, Severity.INFO, null, null,
                "No health route was found; the app answers GET /, so the load balancer checks that.",
                "A dedicated route such as /health that answers 200 without touching slow dependencies is better: "
                        + "add one and set it as the health path (Edit on the Project step, or healthPath in dockhand.yaml).");
    }

    private static String join(String... parts) {
        StringBuilder path = new StringBuilder();
        for (String part : parts) {
            String p = part.replaceAll("^/+", "").replaceAll("/+$", "");
            if (!p.isEmpty()) {
                path.append('/').append(p);
            }
        }
        return path.length() == 0 ? "/" : path.toString();
    }

    private static String resolve(String dir, String specifier) {
        return ProjectFiles.normalize(dir.isEmpty() ? specifier : dir + "/" + specifier);
    }
}
