package io.ucfleet.node.cli.ssh;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.server.auth.AsyncAuthException;
import org.apache.sshd.server.auth.password.PasswordAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.jboss.logging.Logger;

import io.quarkus.security.credential.PasswordCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.smallrye.mutiny.Uni;
import io.ucfleet.node.cli.Account;
import io.ucfleet.node.cli.Privilege;

/**
 * Password logins (and keyboard-interactive ones, whose single {@code Password:} answer MINA
 * hands here) against the node's accounts, through Quarkus security like HTTP Basic. Answers
 * asynchronously: the throttle's wait and the account check never hold an SSH I/O thread.
 */
@ApplicationScoped
public class AccountAuthenticator implements PasswordAuthenticator {
    private static final Logger LOG = Logger.getLogger(AccountAuthenticator.class);
    /** The logged-in account, on the SSH session. */
    public static final AttributeKey<Account> ACCOUNT = new AttributeKey<>();

    @Inject
    IdentityProviderManager identities;
    @Inject
    LoginThrottle throttle;

    @Override
    public boolean authenticate(String username, String password, ServerSession session) {
        String address = address(session.getClientAddress());
        Duration delay = throttle.delay(address, username);
        AsyncAuthException answer = new AsyncAuthException();
        Uni<Void> wait = delay.isZero() ? Uni.createFrom().voidItem()
                : Uni.createFrom().voidItem().onItem().delayIt().by(delay);
        wait.chain(() -> identities.authenticate(new UsernamePasswordAuthenticationRequest(username,
                        new PasswordCredential(password.toCharArray()))))
                .subscribe().with(identity -> answer.setAuthed(accept(session, address, username, password, identity)),
                        failure -> {
                            throttle.failed(address, username);
                            LOG.infof("SSH login of \"%s\" from %s refused", printable(username), address);
                            answer.setAuthed(false);
                        });
        throw answer;
    }

    private boolean accept(ServerSession session, String address, String username, String password, SecurityIdentity identity) {
        Privilege privilege = Privilege.of(identity.getRoles());
        if (privilege == null) {
            // A right password for an account with no CLI (the cluster service account): no guess, no count.
            LOG.infof("SSH login of \"%s\" from %s refused: the account has no CLI privilege", printable(username), address);
            return false;
        }
        throttle.succeeded(address, username);
        session.setAttribute(ACCOUNT, new Account(username, privilege, password, address));
        LOG.infof("SSH login of %s (privilege %d) from %s", username, privilege.level, address);
        return true;
    }

    static String address(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : String.valueOf(address);
    }

    /** A user name is whatever the client sent: log it without control characters, bounded. */
    private static String printable(String username) {
        String clean = username.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 64 ? clean.substring(0, 64) + "..." : clean;
    }
}
