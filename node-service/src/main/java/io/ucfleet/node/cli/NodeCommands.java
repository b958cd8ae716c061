package io.ucfleet.node.cli;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.ucfleet.node.authz.AuthzKeyPurpose;
import io.ucfleet.node.authz.AuthzRegeneration;
import io.ucfleet.node.config.Release;
import io.ucfleet.node.profile.CiscoService;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;
import io.ucfleet.node.serviceability.ServiceState;
import io.ucfleet.node.serviceability.Serviceability;

/** {@code utils service ...}, {@code show version active}, {@code set cli pagination}, {@code set key regen authz}. */
@ApplicationScoped
public class NodeCommands {
    @Inject
    Release release;
    @Inject
    Serviceability serviceability;
    @Inject
    AuthzRegeneration authzRegeneration;

    /**
     * {@code utils service restart Cisco Tomcat}: the REST restart, framed by the progress lines
     * Unified CM prints; HTTPS presents the current certificate once {@code [STARTED]} is printed.
     */
    void restart(Console console, Map<String, String> arguments) {
        CiscoService service = serviceability.resolve(arguments.get("service"));
        String name = service.displayName;
        console.println("Do not press Ctrl+C while the service is restarting. If the service has not restarted properly,"
                + " execute the same command again.");
        console.println("Service Manager is running");
        console.println(name + "[STOPPING]");
        console.println(name + "[STOPPING]");
        console.println("Commanded Out of Service");
        console.println(name + "[NOTRUNNING]");
        console.println("Service Manager is running");
        console.println(name + "[STARTING]");
        serviceability.restart(service.id());
        console.println(name + "[STARTING]");
        console.println(name + "[STARTED]");
    }

    /** {@code utils service list}: every service, and why one awaits a restart. */
    void listServices(Console console, Map<String, String> arguments) {
        console.println("Requesting service status, please wait...");
        for (ServiceState state : serviceability.list()) {
            String name = CiscoService.valueOf(state.name).displayName;
            console.println(name + "[STARTED]" + (state.restartRequired
                    ? " Restart required (" + String.join("; ", state.reasons()) + ")" : ""));
        }
    }

    void showVersion(Console console, Map<String, String> arguments) {
        console.println("Active Master Version: " + release.version());
        console.println("Active Version Installed Software Options:");
        console.println("No Installed Software Options Found.");
    }

    /** Tools send it first; there is no paging, so on and off are both accepted and change nothing. */
    void pagination(Console console, Map<String, String> arguments) {
        String mode = arguments.get("mode");
        if (!mode.equalsIgnoreCase("on") && !mode.equalsIgnoreCase("off")) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "Use set cli pagination on or set cli pagination off.");
        }
    }

    /** {@code set key regen authz signing|encryption}: publisher only, confirmed, then pushed to every member. */
    void regenerateAuthz(Console console, Map<String, String> arguments) {
        String id = arguments.get("key");
        AuthzKeyPurpose purpose = AuthzRegeneration.purpose(id);
        console.println("WARNING: Tokens made with the current authz " + purpose.id + " key stop working on every node"
                + " that receives the new key.");
        if (!console.confirm("Proceed with regeneration (yes|no)? ", "yes")) {
            throw new Console.Abandoned("Regeneration cancelled; nothing changed.");
        }
        var regenerated = authzRegeneration.regenerate(purpose);
        console.println("Successfully regenerated the authz " + purpose.id + " key (" + regenerated.key().keyId + ", version "
                + regenerated.key().version + ").");
        regenerated.deliveries().forEach(d -> console.println("  " + d.member() + ": " + d.outcome()));
        console.println("Restart the Cisco CallManager service on all nodes of the cluster.");
    }
}
