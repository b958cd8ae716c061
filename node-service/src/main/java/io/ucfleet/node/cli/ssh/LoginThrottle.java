package io.ucfleet.node.cli.ssh;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.ucfleet.node.config.NodeConfig;

/**
 * Failed CLI logins, counted per (address, account) and per address, so that guessing runs
 * slowly: a login attempt waits {@code login-delay × 2^(failures − 1)} (at most
 * {@code max-login-delay}) before its password is even checked, so an impatient client learns
 * nothing sooner. Failures are forgotten {@code failure-memory} after the last one, and a
 * successful login clears its pair. The wait is a timer, never a blocked thread.
 */
@ApplicationScoped
public class LoginThrottle {
    /** Bounds the memory an address spraying account names can take. */
    static final int MAX_TRACKED = 10_000;

    @Inject
    NodeConfig config;
    @Inject
    Clock clock;

    private record Failures(int count, Instant last) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    /** How long an attempt from this address for this account waits before it is checked. */
    public Duration delay(String address, String username) {
        NodeConfig.Ssh ssh = config.ssh();
        int pair = count(pairKey(address, username));
        int byAddress = count(addressKey(address)) - ssh.failuresPerAddress();
        int n = Math.max(pair, byAddress);
        if (n <= 0) {
            return Duration.ZERO;
        }
        Duration delay = ssh.loginDelay().multipliedBy(1L << Math.min(n - 1, 20));
        return delay.compareTo(ssh.maxLoginDelay()) > 0 ? ssh.maxLoginDelay() : delay;
    }

    public void failed(String address, String username) {
        Instant now = clock.instant();
        if (failures.size() >= MAX_TRACKED) {
            failures.entrySet().removeIf(e -> expired(e.getValue(), now));
        }
        for (String key : new String[] {pairKey(address, username), addressKey(address)}) {
            if (failures.size() < MAX_TRACKED || failures.containsKey(key)) {
                failures.merge(key, new Failures(1, now), (old, one) -> new Failures(expired(old, now) ? 1 : old.count + 1, now));
            }
        }
    }

    public void succeeded(String address, String username) {
        failures.remove(pairKey(address, username));
    }

    private int count(String key) {
        Failures f = failures.get(key);
        return f == null || expired(f, clock.instant()) ? 0 : f.count;
    }

    private boolean expired(Failures f, Instant now) {
        return f.last.plus(config.ssh().failureMemory()).isBefore(now);
    }

    private static String pairKey(String address, String username) {
        return address + "\u0000" + username;
    }

    private static String addressKey(String address) {
        return address;
    }
}
