package io.ucfleet.node.cli.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.keyboard.UserAuthKeyboardInteractiveFactory;
import org.apache.sshd.server.auth.password.UserAuthPasswordFactory;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.ucfleet.node.cli.Cli;
import io.ucfleet.node.cli.CommandTable;
import io.ucfleet.node.config.Node;
import io.ucfleet.node.config.NodeConfig;
import io.ucfleet.node.keys.SshHostKeys;

/**
 * The node's SSH server (Apache MINA SSHD) for the platform CLI: password and keyboard-interactive
 * logins, the shell and the exec channel, the stored host key. Runs on the roles that have the
 * platform CLI, when {@code ucfleet.node.ssh.enabled}.
 */
@ApplicationScoped
public class SshCliServer {
    private static final Logger LOG = Logger.getLogger(SshCliServer.class);

    @Inject
    Node node;
    @Inject
    NodeConfig config;
    @Inject
    HostKeys hostKeys;
    @Inject
    AccountAuthenticator authenticator;
    @Inject
    Cli cli;

    private SshServer server;
    private ThreadPoolExecutor sessions;

    /** After NodeStartup (default priority): the CLI serves the identity set once it exists. */
    void start(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.LIBRARY_AFTER + 100) StartupEvent event) {
        NodeConfig.Ssh ssh = config.ssh();
        if (!ssh.enabled() || !CommandTable.CLI_ROLES.contains(node.role())) {
            LOG.infof("no platform CLI over SSH on this %s node", node.role().displayName);
            return;
        }
        AtomicInteger count = new AtomicInteger();
        sessions = new ThreadPoolExecutor(0, ssh.maxSessions(), 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "ucfleet-cli-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        int maxLine = ssh.maxLineLength();
        int maxPaste = config.maxUploadBytes();

        server = SshServer.setUpDefaultServer();
        server.setHost(ssh.host());
        server.setPort(ssh.port());
        server.setKeyPairProvider(SshHostKeys.provider(hostKeys.load()));
        server.setUserAuthFactories(List.of(UserAuthPasswordFactory.INSTANCE, UserAuthKeyboardInteractiveFactory.INSTANCE));
        server.setPasswordAuthenticator(authenticator);
        server.setShellFactory(channel -> new CliChannel(cli, sessions, maxLine, maxPaste, null));
        server.setCommandFactory((channel, command) -> new CliChannel(cli, sessions, maxLine, maxPaste, command));
        CoreModuleProperties.MAX_AUTH_REQUESTS.set(server, ssh.maxAuthRequests());
        CoreModuleProperties.AUTH_TIMEOUT.set(server, Duration.ofMinutes(2).plus(ssh.maxLoginDelay()));
        CoreModuleProperties.IDLE_TIMEOUT.set(server, ssh.idleTimeout());
        CoreModuleProperties.SERVER_IDENTIFICATION.set(server, "ucfleet");
        // An interactive CLI writes small packets: without this, Nagle and delayed ACKs add ~40 ms a command.
        CoreModuleProperties.TCP_NODELAY.set(server, true);
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for SSH on " + ssh.host() + ":" + ssh.port(), e);
        }
        LOG.infof("platform CLI over SSH on %s:%d", ssh.host(), server.getPort());
    }

    void stop(@Observes ShutdownEvent event) {
        if (server != null) {
            try {
                server.stop(true);
            } catch (IOException e) {
                LOG.warn("the SSH server did not stop cleanly", e);
            }
            sessions.shutdownNow();
        }
    }

    /** The bound port (the configured one, or the free one chosen for port 0); 0 when not running. */
    public int port() {
        return server == null ? 0 : server.getPort();
    }

    /** CLI sessions running now (for tests and the benchmark: none may be left behind). */
    public int activeSessions() {
        return sessions == null ? 0 : sessions.getActiveCount();
    }
}
