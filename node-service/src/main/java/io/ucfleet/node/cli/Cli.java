package io.ucfleet.node.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.ucfleet.node.config.Node;
import io.ucfleet.platform.problem.DomainProblem;

/**
 * Runs one line of input against the {@link CommandTable}: finds the command, checks the node's
 * role and the account's privilege, runs it, and turns every failure into the platform's error
 * lines ({@code Executed command unsuccessfully} and what is wrong); never a stack trace.
 */
@ApplicationScoped
public class Cli {
    private static final Logger LOG = Logger.getLogger(Cli.class);
    public static final String PROMPT = "admin:";
    public static final String FAILED = "Executed command unsuccessfully";

    @Inject
    CommandTable table;
    @Inject
    Node node;
    @Inject
    io.ucfleet.node.audit.AuditLog audit;
    @Inject
    jakarta.enterprise.inject.Instance<io.ucfleet.node.audit.Acting> acting;

    /** Runs the line; false when it failed (the exec channel's exit status). */
    public boolean run(Console console, String line) {
        List<String> tokens = tokens(line);
        if (tokens.isEmpty()) {
            return true;
        }
        Optional<CliCommand> match = match(table.commands(), tokens);
        if (match.isEmpty()) {
            List<CliCommand> continuations = table.commands().stream().filter(c -> c.continues(tokens))
                    .filter(c -> c.roles().contains(node.role())).toList();
            if (continuations.isEmpty()) {
                return fail(console, "No valid command entered");
            }
            console.println(FAILED);
            console.println("Incomplete command entered; it continues as:");
            continuations.forEach(c -> console.println("  " + c.syntax()));
            return false;
        }
        CliCommand command = match.get();
        if (!command.roles().contains(node.role())) {
            return fail(console, command.roles().equals(CommandTable.PUBLISHER)
                    ? "This command can be executed only on the publisher."
                    : "This command is not available on this " + node.role().displayName + " node.");
        }
        if (console.account().privilege().level < command.privilege().level) {
            audited(console, "authorization", line, false, "privilege level " + console.account().privilege().level);
            return fail(console, "Permission denied: " + console.account().username() + " has privilege level "
                    + console.account().privilege().level + "; this command needs level " + command.privilege().level + ".");
        }
        Optional<Map<String, String>> arguments = command.arguments(tokens);
        if (arguments.isEmpty()) {
            return fail(console, "Syntax: " + command.syntax());
        }
        boolean ok = execute(console, command, arguments.get());
        if (command.privilege() == Privilege.ADMIN) { // the commands that change something
            audited(console, "change", line, ok, ok ? "executed" : "executed unsuccessfully");
        }
        return ok;
    }

    private void audited(Console console, String type, String line, boolean ok, String detail) {
        audit.record(console.account().username(), console.account().clientAddress(), io.ucfleet.node.audit.AuditLog.Via.CLI,
                type, String.join(" ", tokens(line)), ok, detail);
    }

    /** A line as words: split on any whitespace, as the platform CLI reads it. Pure. */
    static List<String> tokens(String line) {
        return Arrays.stream(line.strip().split("\\s+")).filter(t -> !t.isEmpty()).toList();
    }

    /** The command whose words the tokens start with, the longest one when several do. Pure. */
    static Optional<CliCommand> match(List<CliCommand> commands, List<String> tokens) {
        return commands.stream().filter(c -> c.matchesWords(tokens)).max(java.util.Comparator.comparingInt(c -> c.words().size()));
    }

    private boolean execute(Console console, CliCommand command, Map<String, String> arguments) {
        // Panache and the use cases expect a request context, as on the REST threads.
        ManagedContext requestContext = Arc.container().requestContext();
        requestContext.activate();
        try {
            acting.get().as(new io.ucfleet.node.audit.Actor(console.account().username(), console.account().clientAddress(),
                    io.ucfleet.node.audit.AuditLog.Via.CLI, null));
            command.handler().run(console, arguments);
            return true;
        } catch (DomainProblem problem) {
            return fail(console, problem.detail());
        } catch (Console.Abandoned abandoned) {
            console.println(abandoned.getMessage());
            return false;
        } catch (Console.InputEnded | java.io.UncheckedIOException ended) {
            throw ended;
        } catch (RuntimeException e) {
            String reference = UUID.randomUUID().toString();
            LOG.errorf(e, "CLI command \"%s\" of %s failed (reference %s)", command.syntax(), console.account(), reference);
            return fail(console, "Internal error; reference " + reference + ".");
        } finally {
            requestContext.terminate();
        }
    }

    private static boolean fail(Console console, String detail) {
        console.println(FAILED);
        console.println(detail);
        return false;
    }
}
