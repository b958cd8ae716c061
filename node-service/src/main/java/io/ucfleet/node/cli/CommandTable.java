package io.ucfleet.node.cli;

import static io.ucfleet.node.cli.Privilege.ADMIN;
import static io.ucfleet.node.cli.Privilege.READ_ONLY;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.ucfleet.node.profile.NodeRole;

/**
 * Every command of the platform CLI ({@code platform-cli.md}), as data: syntax, privilege, the
 * node roles that have it, handler. Privilege 0 (read-only) runs {@code show ...} and
 * {@code utils service list}; everything else needs privilege 1.
 */
@ApplicationScoped
public class CommandTable {
    /** The roles that have a platform CLI at all (Expressway has its own, not this one). */
    public static final Set<NodeRole> CLI_ROLES = EnumSet.of(NodeRole.PUBLISHER, NodeRole.SUBSCRIBER,
            NodeRole.IM_AND_PRESENCE, NodeRole.UNITY_CONNECTION);
    static final Set<NodeRole> UNIFIED_CM = EnumSet.of(NodeRole.PUBLISHER, NodeRole.SUBSCRIBER);
    static final Set<NodeRole> PUBLISHER = EnumSet.of(NodeRole.PUBLISHER);

    private final List<CliCommand> commands;

    @Inject
    public CommandTable(CertificateCommands cert, NodeCommands nodeCommands, ClusterCommands cluster) {
        commands = List.of(
                CliCommand.of("show cert list own", READ_ONLY, CLI_ROLES, cert::listOwn),
                CliCommand.of("show cert list trust", READ_ONLY, CLI_ROLES, cert::listTrust),
                CliCommand.of("show cert own <unit>", READ_ONLY, CLI_ROLES, cert::showOwn),
                CliCommand.of("show cert trust <file>", READ_ONLY, CLI_ROLES, cert::showTrust),
                CliCommand.of("set cert regen <unit>", ADMIN, CLI_ROLES, cert::regenerate),
                CliCommand.of("set cert delete <store> <file>", ADMIN, CLI_ROLES, cert::delete),
                CliCommand.of("set cert import trust <unit>", ADMIN, CLI_ROLES, cert::importTrust),
                CliCommand.of("set cert import own <unit> [caCert]", ADMIN, CLI_ROLES, cert::importOwn),
                CliCommand.of("set csr gen <unit>", ADMIN, CLI_ROLES, cert::generateCsr),
                CliCommand.of("show csr list own", READ_ONLY, CLI_ROLES, cert::listCsrs),
                CliCommand.of("show csr own <unit>", READ_ONLY, CLI_ROLES, cert::showCsr),
                CliCommand.of("utils service restart <service...>", ADMIN, CLI_ROLES, nodeCommands::restart),
                CliCommand.of("utils service list", READ_ONLY, CLI_ROLES, nodeCommands::listServices),
                CliCommand.of("show version active", READ_ONLY, CLI_ROLES, nodeCommands::showVersion),
                // A session setting, not a change to the node: read-only inventory scripts send it first too.
                CliCommand.of("set cli pagination <mode>", READ_ONLY, CLI_ROLES, nodeCommands::pagination),
                CliCommand.of("set key regen authz <key>", ADMIN, PUBLISHER, nodeCommands::regenerateAuthz),
                CliCommand.of("utils ctl set-cluster mixed-mode", ADMIN, PUBLISHER, cluster::mixedMode),
                CliCommand.of("utils ctl set-cluster non-secure-mode", ADMIN, PUBLISHER, cluster::nonSecureMode),
                CliCommand.of("utils ctl update ctlfile", ADMIN, PUBLISHER, cluster::updateCtlFile),
                CliCommand.of("show ctl", READ_ONLY, UNIFIED_CM, cluster::showCtl),
                CliCommand.of("show itl", READ_ONLY, UNIFIED_CM, cluster::showItl),
                CliCommand.of("utils dbreplication runtimestate", ADMIN, CLI_ROLES, cluster::replicationState),
                CliCommand.of("exit", READ_ONLY, CLI_ROLES, (console, arguments) -> console.close()),
                CliCommand.of("quit", READ_ONLY, CLI_ROLES, (console, arguments) -> console.close()));
    }

    public List<CliCommand> commands() {
        return commands;
    }
}
