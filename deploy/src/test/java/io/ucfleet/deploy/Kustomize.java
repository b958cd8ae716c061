package io.ucfleet.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** Renders a kustomization with {@code kubectl kustomize}, as a user would, into its objects. */
final class Kustomize {
    private static final YAMLMapper YAML = new YAMLMapper();

    private Kustomize() {
    }

    static List<JsonNode> render(Path kustomizationDir) throws IOException, InterruptedException {
        String kubectl = kubectl();
        Process process = new ProcessBuilder(kubectl, "kustomize", kustomizationDir.toString())
                .redirectErrorStream(false).start();
        // stderr is small; read stdout fully first so a large render never blocks the pipe.
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("kubectl kustomize " + kustomizationDir + " did not finish in 60 s");
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("kubectl kustomize " + kustomizationDir + " failed: " + err.strip());
        }
        List<JsonNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(out)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    objects.add(doc);
                }
            }
        }
        return objects;
    }

    /** kubectl from $KUBECTL or the PATH; a clear failure naming it when it is missing. */
    static String kubectl() {
        Optional<String> configured = Optional.ofNullable(System.getenv("KUBECTL")).filter(s -> !s.isBlank());
        if (configured.isPresent()) {
            if (!Files.isExecutable(Path.of(configured.get()))) {
                throw new AssertionError("KUBECTL=" + configured.get() + " is not an executable file");
            }
            return configured.get();
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "kubectl"))) {
                return Path.of(dir, "kubectl").toString();
            }
        }
        throw new AssertionError("kubectl is not on the PATH: the deploy module's tests render deploy/k8s with "
                + "`kubectl kustomize`. Install kubectl (1.27 or later; it includes kustomize), or point KUBECTL "
                + "at it.");
    }
}
