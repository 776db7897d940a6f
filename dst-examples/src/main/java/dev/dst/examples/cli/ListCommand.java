package dev.dst.examples.cli;

import dev.dst.scenario.Scenario;
import dev.dst.sweep.RunOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "list", mixinStandardHelpOptions = true, description = "The scenarios dst can run by name: the bundled ones and, with --class-path, yours.")
final class ListCommand implements Callable<Integer> {
    @Option(names = "--json", description = "One JSON object per line: {\"name\", \"description\", \"bugs\": [...]}")
    boolean json;

    @Option(names = {"--class-path", "--cp"}, paramLabel = "CP",
            description = "Your classes: scenarios listed in META-INF/services/dev.dst.scenario.Scenario are shown too.")
    String classPath;

    @Override
    public Integer call() {
        for (Scenario s : Catalog.of(classPath).scenarios()) {
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", s.name());
                m.put("description", s.description());
                List<Map<String, Object>> bugs = s.bugs().stream()
                        .map(b -> RunOutcome.ordered("name", b.name(), "description", b.description())).toList();
                m.put("bugs", bugs);
                m.put("class", s.getClass().getName());
                System.out.println(Json.line(m));
            } else {
                System.out.println(s.name() + "  " + s.description());
                for (Scenario.Bug b : s.bugs()) {
                    System.out.println("    --bug " + b.name() + "  " + b.description());
                }
            }
        }
        return Main.PASS;
    }
}
