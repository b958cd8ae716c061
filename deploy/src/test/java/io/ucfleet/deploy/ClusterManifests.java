package io.ucfleet.deploy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A rendered set of objects and the rules that span objects, which no per-object schema can
 * check: every referenced Secret, ConfigMap and key exists; a StatefulSet's serviceName is a
 * headless Service selecting its pods; Service ports name real container ports. Each rule
 * reports every violation it finds, by object.
 */
final class ClusterManifests {
    final List<JsonNode> objects;

    ClusterManifests(List<JsonNode> objects) {
        this.objects = objects;
    }

    List<JsonNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(o -> name.equals(name(o))).findFirst();
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    static String describe(JsonNode object) {
        return object.path("kind").asText() + " " + name(object);
    }

    /** Secret or ConfigMap entries by key (Secret data decoded). */
    Map<String, String> entries(String kind, String name) {
        JsonNode object = find(kind, name).orElseThrow();
        Map<String, String> entries = new LinkedHashMap<>();
        boolean secret = kind.equals("Secret");
        object.path("data").fields().forEachRemaining(e -> entries.put(e.getKey(), secret
                // MIME: kustomize folds a long value (a certificate file) over several lines
                ? new String(Base64.getMimeDecoder().decode(e.getValue().asText()), StandardCharsets.UTF_8)
                : e.getValue().asText()));
        object.path("stringData").fields().forEachRemaining(e -> entries.put(e.getKey(), e.getValue().asText()));
        return entries;
    }

    /** Workloads: Deployments and StatefulSets, with their pod specs. */
    List<JsonNode> workloads() {
        List<JsonNode> list = new ArrayList<>(ofKind("StatefulSet"));
        list.addAll(ofKind("Deployment"));
        return list;
    }

    static JsonNode podSpec(JsonNode workload) {
        return workload.path("spec").path("template").path("spec");
    }

    static List<JsonNode> containers(JsonNode workload, boolean withInit) {
        List<JsonNode> list = new ArrayList<>();
        podSpec(workload).path("containers").forEach(list::add);
        if (withInit) {
            podSpec(workload).path("initContainers").forEach(list::add);
        }
        return list;
    }

    static Optional<String> envValue(JsonNode container, String variable) {
        for (JsonNode env : container.path("env")) {
            if (variable.equals(env.path("name").asText()) && env.has("value")) {
                return Optional.of(env.path("value").asText());
            }
        }
        return Optional.empty();
    }

    /** Every violation of the cross-object rules; empty when the set is consistent. */
    List<String> referenceProblems() {
        List<String> problems = new ArrayList<>();
        for (JsonNode workload : workloads()) {
            String where = describe(workload);
            for (JsonNode container : containers(workload, true)) {
                String in = where + " container " + container.path("name").asText();
                for (JsonNode env : container.path("env")) {
                    JsonNode from = env.path("valueFrom");
                    checkKeyRef(problems, in, "Secret", from.path("secretKeyRef"));
                    checkKeyRef(problems, in, "ConfigMap", from.path("configMapKeyRef"));
                }
                for (JsonNode source : container.path("envFrom")) {
                    checkExists(problems, in, "Secret", source.path("secretRef"));
                    checkExists(problems, in, "ConfigMap", source.path("configMapRef"));
                }
                Set<String> volumes = new HashSet<>();
                podSpec(workload).path("volumes").forEach(v -> volumes.add(v.path("name").asText()));
                workload.path("spec").path("volumeClaimTemplates")
                        .forEach(v -> volumes.add(v.path("metadata").path("name").asText()));
                for (JsonNode mount : container.path("volumeMounts")) {
                    if (!volumes.contains(mount.path("name").asText())) {
                        problems.add(in + " mounts volume " + mount.path("name").asText() + ", which the pod does not have");
                    }
                }
            }
            for (JsonNode volume : podSpec(workload).path("volumes")) {
                String in = where + " volume " + volume.path("name").asText();
                JsonNode secret = volume.path("secret");
                if (!secret.isMissingNode()) {
                    String secretName = secret.path("secretName").asText();
                    if (find("Secret", secretName).isEmpty()) {
                        problems.add(in + " names Secret " + secretName + ", which is not in the render");
                    }
                }
                checkExists(problems, in, "ConfigMap", volume.path("configMap"));
            }
            if (workload.path("kind").asText().equals("StatefulSet")) {
                checkGoverningService(problems, workload);
            }
        }
        for (JsonNode service : ofKind("Service")) {
            checkServicePorts(problems, service);
        }
        return problems;
    }

    private void checkKeyRef(List<String> problems, String in, String kind, JsonNode ref) {
        if (ref.isMissingNode()) {
            return;
        }
        String refName = ref.path("name").asText();
        String key = ref.path("key").asText();
        if (find(kind, refName).isEmpty()) {
            problems.add(in + " refers to " + kind + " " + refName + ", which is not in the render");
        } else if (!entries(kind, refName).containsKey(key)) {
            problems.add(in + " refers to key " + key + " of " + kind + " " + refName + ", which has no such key");
        }
    }

    private void checkExists(List<String> problems, String in, String kind, JsonNode ref) {
        if (!ref.isMissingNode() && find(kind, ref.path("name").asText()).isEmpty()) {
            problems.add(in + " refers to " + kind + " " + ref.path("name").asText() + ", which is not in the render");
        }
    }

    private void checkGoverningService(List<String> problems, JsonNode statefulSet) {
        String serviceName = statefulSet.path("spec").path("serviceName").asText();
        Optional<JsonNode> service = find("Service", serviceName);
        if (service.isEmpty()) {
            problems.add(describe(statefulSet) + " is governed by Service " + serviceName + ", which is not in the render");
            return;
        }
        if (!"None".equals(service.get().path("spec").path("clusterIP").asText())) {
            problems.add("Service " + serviceName + " governs " + describe(statefulSet)
                    + " but is not headless (clusterIP: None), so its pods get no DNS names");
        }
        if (!selects(service.get(), statefulSet)) {
            problems.add("Service " + serviceName + " does not select the pods of " + describe(statefulSet));
        }
    }

    static boolean selects(JsonNode service, JsonNode workload) {
        JsonNode selector = service.path("spec").path("selector");
        JsonNode labels = workload.path("spec").path("template").path("metadata").path("labels");
        if (selector.isEmpty()) {
            return false;
        }
        Iterator<Map.Entry<String, JsonNode>> it = selector.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    private void checkServicePorts(List<String> problems, JsonNode service) {
        List<JsonNode> selected = workloads().stream().filter(w -> selects(service, w)).toList();
        if (selected.isEmpty()) {
            problems.add(describe(service) + " selects no workload's pods");
            return;
        }
        for (JsonNode port : service.path("spec").path("ports")) {
            JsonNode target = port.has("targetPort") ? port.path("targetPort") : port.path("port");
            String protocol = port.path("protocol").asText("TCP");
            for (JsonNode workload : selected) {
                boolean found = containers(workload, false).stream()
                        .flatMap(c -> StreamSupport.stream(c.path("ports").spliterator(), false))
                        .anyMatch(p -> protocol.equals(p.path("protocol").asText("TCP")) && (target.isInt()
                                ? p.path("containerPort").asInt() == target.asInt()
                                : target.asText().equals(p.path("name").asText())));
                if (!found) {
                    problems.add(describe(service) + " port " + port.path("name").asText() + " targets " + protocol + " "
                            + target.asText() + ", which no container of " + describe(workload) + " exposes");
                }
            }
        }
    }

    static void forEachContainer(JsonNode workload, Consumer<JsonNode> action) {
        containers(workload, false).forEach(action);
    }
}
