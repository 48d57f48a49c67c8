import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Prints, for every package under dev.gatehouse in the given source roots, the dev.gatehouse packages it uses,
 * and exits 1 naming a cycle if the packages depend on each other in a circle. A class is used when it is
 * imported or named by its full name in code; comments and string literals do not count.
 *
 * <pre>java scripts/PackageDependencies.java src/main/java [src/test/java ...]</pre>
 */
public class PackageDependencies {

    static final String BASE = "dev.gatehouse";
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    /** A full class name: lower-case package segments, then a capitalised class name. */
    private static final Pattern QUALIFIED = Pattern.compile("\\b" + Pattern.quote(BASE) + "((?:\\.[a-z_][\\w]*)*)\\.[A-Z]");
    /** Comments and literals, matched left to right so that neither can hide or fake the other. */
    private static final Pattern NOT_CODE = Pattern.compile(
            "\"\"\".*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\])'|/\\*.*?\\*/|//[^\\n]*",
            Pattern.DOTALL);

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: java scripts/PackageDependencies.java <source root> [<source root> ...]");
            System.exit(2);
        }
        Map<String, Set<String>> uses = new TreeMap<>();
        for (String root : args) {
            try (Stream<Path> files = Files.walk(Path.of(root))) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(f -> read(f, uses));
            }
        }
        uses.forEach((from, to) -> System.out.println(shortName(from) + " -> "
                + (to.isEmpty() ? "(nothing)" : to.stream().map(PackageDependencies::shortName).collect(Collectors.joining(", ")))));
        List<List<String>> cycles = cycles(uses);
        if (!cycles.isEmpty()) {
            for (List<String> cycle : cycles) {
                System.out.println("CYCLE: " + cycle.stream().map(PackageDependencies::shortName)
                        .collect(Collectors.joining(" -> ")));
            }
            System.exit(1);
        }
        System.out.println("No package cycles.");
    }

    private static void read(Path file, Map<String, Set<String>> uses) {
        String source;
        try {
            source = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher declared = PACKAGE.matcher(source);
        if (!declared.find() || !isOurs(declared.group(1))) {
            return;
        }
        String from = declared.group(1);
        Set<String> targets = uses.computeIfAbsent(from, k -> new TreeSet<>());
        Matcher used = QUALIFIED.matcher(NOT_CODE.matcher(source).replaceAll(" "));
        while (used.find()) {
            String to = BASE + used.group(1);
            if (!to.equals(from)) {
                targets.add(to);
            }
        }
    }

    private static boolean isOurs(String pkg) {
        return pkg.equals(BASE) || pkg.startsWith(BASE + ".");
    }

    private static String shortName(String pkg) {
        return pkg.equals(BASE) ? "(" + BASE + ")" : pkg.substring(BASE.length() + 1);
    }

    /** One cycle per strongly connected group of packages (Tarjan), each as a closed path. */
    static List<List<String>> cycles(Map<String, Set<String>> uses) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<List<String>> cycles = new ArrayList<>();
        int[] counter = {0};
        for (String start : uses.keySet()) {
            if (!index.containsKey(start)) {
                connect(start, uses, index, low, stack, onStack, counter, cycles);
            }
        }
        return cycles;
    }

    private static void connect(String node, Map<String, Set<String>> uses, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, int[] counter, List<List<String>> cycles) {
        index.put(node, counter[0]);
        low.put(node, counter[0]++);
        stack.push(node);
        onStack.add(node);
        for (String next : uses.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                connect(next, uses, index, low, stack, onStack, counter, cycles);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            Set<String> group = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                group.add(member);
            } while (!member.equals(node));
            if (group.size() > 1) {
                cycles.add(pathWithin(group, uses));
            }
        }
    }

    /** A shortest closed path through the group's first package, staying inside the group. */
    private static List<String> pathWithin(Set<String> group, Map<String, Set<String>> uses) {
        String start = group.iterator().next();
        Map<String, String> cameFrom = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            String at = queue.poll();
            for (String next : uses.getOrDefault(at, Set.of())) {
                if (!group.contains(next)) {
                    continue;
                }
                if (next.equals(start)) {
                    List<String> path = new ArrayList<>(List.of(start));
                    for (String step = at; !step.equals(start); step = cameFrom.get(step)) {
                        path.add(1, step);
                    }
                    path.add(start);
                    return path;
                }
                if (!cameFrom.containsKey(next)) {
                    cameFrom.put(next, at);
                    queue.add(next);
                }
            }
        }
        throw new IllegalStateException("no cycle through " + start + " in " + group);
    }
}
