package io.ucfleet.node.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import io.ucfleet.platform.cluster.TrustListKind;
import io.ucfleet.node.config.Node;
import io.ucfleet.node.profile.NodeRole;

/** {@code utils ctl ...}, {@code show ctl}, {@code show itl} (ctl-service) and {@code utils dbreplication runtimestate} (cluster-sync). */
@ApplicationScoped
public class ClusterCommands {
    static final String RESTART_TFTP_AND_CALLMANAGER = "Please Restart the TFTP and Cisco CallManager services on all"
            + " nodes in the cluster that run these services";

    @Inject
    Node node;
    @Inject
    ClusterServices services;
    @Inject
    Clock clock;

    void mixedMode(Console console, Map<String, String> arguments) {
        confirm(console, "This operation will set the cluster to Mixed mode. Do you want to continue? (y/n):");
        console.println("Moving Cluster to Mixed Mode");
        services.ctl("POST", "/api/v1/ctl/mixed-mode", console.account());
        console.println("Cluster set to Mixed Mode");
        console.println(RESTART_TFTP_AND_CALLMANAGER);
    }

    void nonSecureMode(Console console, Map<String, String> arguments) {
        confirm(console, "This operation will set the cluster to non secure mode. Do you want to continue? (y/n):");
        console.println("Moving Cluster to Non Secure Mode");
        services.ctl("POST", "/api/v1/ctl/non-secure-mode", console.account());
        console.println("Cluster set to Non Secure Mode");
        console.println(RESTART_TFTP_AND_CALLMANAGER);
    }

    void updateCtlFile(Console console, Map<String, String> arguments) {
        confirm(console, "This operation updates the CTLFile. Do you want to continue? (y/n):");
        console.println("Updating CTL file");
        services.ctl("POST", "/api/v1/ctl/update", console.account());
        console.println("CTL file Updated");
        console.println(RESTART_TFTP_AND_CALLMANAGER);
    }

    void showCtl(Console console, Map<String, String> arguments) {
        show(console, TrustListKind.CTL.fileName);
    }

    /** Each Unified CM node has its own ITL; the publisher's is the generic file name. */
    void showItl(Console console, Map<String, String> arguments) {
        show(console, node.role() == NodeRole.PUBLISHER ? TrustListKind.ITL.fileName
                : node.hostname() + "/" + TrustListKind.ITL.fileName);
    }

    private void show(Console console, String file) {
        String text = services.ctl("GET", "/api/v1/ctl/show?file=" + URLEncoder.encode(file, StandardCharsets.UTF_8), console.account());
        text.lines().forEach(console::println);
    }

    /** What this node can know of replication: cluster-sync's view of every member. */
    void replicationState(Console console, Map<String, String> arguments) {
        JsonNode status = services.syncStatus();
        JsonNode members = status.path("members");
        console.println("Server Time: " + CertificateText.DATE.format(clock.instant()));
        console.println("");
        console.println("Cluster Replication State: " + status.path("pending").asLong() + " change deliveries pending");
        console.println("");
        console.println("Cluster Detailed View from " + node.hostname() + " (" + members.size() + " Servers):");
        console.println("");
        String row = "%-32s %-10s %10s %8s %8s  %s";
        console.println(String.format(row, "SERVER-NAME", "REACHABLE", "LAG", "PENDING", "CURSOR", "STATE"));
        console.println(String.format(row, "-----------", "---------", "---", "-------", "------", "-----"));
        for (JsonNode m : members) {
            // cluster-sync's Synced condition: its reason, and its sentence when the member is not in sync.
            JsonNode condition = m.path("condition");
            String state = condition.path("reason").asText("") + (condition.path("status").asBoolean(true) ? ""
                    : ": " + condition.path("message").asText(""));
            console.println(String.format(row, m.path("node").asText(m.path("url").asText()),
                    m.path("reachable").asBoolean() ? "Yes" : "No", m.path("lag").asLong(),
                    m.path("pending").isNull() ? "-" : m.path("pending").asText(), m.path("cursor").asLong(), state)
                    .stripTrailing());
        }
    }

    private static void confirm(Console console, String prompt) {
        if (!console.confirm(prompt, "y")) {
            throw new Console.Abandoned("Operation cancelled; nothing changed.");
        }
    }
}
