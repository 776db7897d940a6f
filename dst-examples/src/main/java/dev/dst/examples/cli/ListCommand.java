package dev.dst.examples.cli;

import dev.dst.examples.Scenario;
import dev.dst.examples.ScenarioRunner;
import dev.dst.examples.Scenarios;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "list", description = "The bundled scenarios, with their descriptions and planted bugs.")
final class ListCommand implements Callable<Integer> {
    @Option(names = "--json", description = "One JSON object per line: {\"name\", \"description\", \"bugs\": [...]}")
    boolean json;

    @Override
    public Integer call() {
        for (Scenario s : Scenarios.all()) {
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", s.name());
                m.put("description", s.description());
                List<Map<String, Object>> bugs = s.bugs().stream()
                        .map(b -> ScenarioRunner.ordered("name", b.name(), "description", b.description())).toList();
                m.put("bugs", bugs);
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
