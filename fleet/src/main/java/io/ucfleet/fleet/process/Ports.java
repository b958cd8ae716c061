package io.ucfleet.fleet.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for processes this JVM starts, taken so that nothing else can take them before the
 * process binds: below the kernel's ephemeral range (where embedded PostgreSQL's port and every
 * outgoing connection come from), each one claimed by a lock file that every ucfleet JVM on the
 * host honours (held until this JVM exits) and checked free by binding it. A port that fails
 * either test is skipped and another tried.
 */
public final class Ports {
    private static final Path LOCKS = Path.of(System.getProperty("java.io.tmpdir"), "ucfleet-ports");
    /** Held for the life of this JVM: a released lock would let another JVM take the port. */
    private static final List<FileLock> HELD = new ArrayList<>();
    static final int LOWEST = 10_000;

    private Ports() {
    }

    /** {@code count} distinct ports, free now and claimed for this JVM. */
    public static synchronized int[] claim(int count) {
        int high = ephemeralLow() - 1;
        int[] ports = new int[count];
        int found = 0;
        int tries = 0;
        int next = ThreadLocalRandom.current().nextInt(LOWEST, high);
        while (found < count) {
            if (++tries > 20_000) {
                throw new IllegalStateException("no free port between " + LOWEST + " and " + high);
            }
            int port = next;
            next = next >= high ? LOWEST : next + 1;
            if (claimOne(port)) {
                ports[found++] = port;
            }
        }
        return ports;
    }

    /**
     * A block of {@code size} consecutive ports starting at a base (plus {@code below} ports under
     * it), all free and claimed: a whole fleet's port layout in one piece.
     */
    public static synchronized int claimBlock(int below, int size) {
        int high = ephemeralLow() - 1;
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(LOWEST + below, high - size);
            List<FileLock> taken = new ArrayList<>();
            boolean all = true;
            for (int port = base - below; port < base + size && all; port++) {
                FileLock lock = lock(port);
                if (lock == null || !bindable(port)) {
                    all = false;
                    if (lock != null) {
                        release(lock);
                    }
                } else {
                    taken.add(lock);
                }
            }
            if (all) {
                HELD.addAll(taken);
                return base;
            }
            taken.forEach(Ports::release);
        }
        throw new IllegalStateException("no free block of " + (below + size) + " ports below " + high);
    }

    /**
     * Whether a TCP port can be bound on loopback right now, as the services bind it: with
     * SO_REUSEADDR, so connections of a stopped process lingering in TIME_WAIT do not count.
     */
    public static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean claimOne(int port) {
        FileLock lock = lock(port);
        if (lock == null) {
            return false;
        }
        if (!bindable(port)) {
            release(lock);
            return false;
        }
        HELD.add(lock);
        return true;
    }

    private static FileLock lock(int port) {
        try {
            Files.createDirectories(LOCKS);
            FileChannel channel = FileChannel.open(LOCKS.resolve(Integer.toString(port)), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
            }
            return lock;
        } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
            return null;
        }
    }

    private static void release(FileLock lock) {
        try {
            lock.release();
            lock.channel().close();
        } catch (IOException ignored) {
            // the lock goes with the channel anyway
        }
    }

    /** The low end of the kernel's ephemeral port range (32768 on Linux by default). */
    static int ephemeralLow() {
        try {
            // readAllLines, not readString: /proc files report size 0 and readString then stops early
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
            return Math.max(LOWEST + 1000, Integer.parseInt(range.split("\\s+")[0]));
        } catch (IOException | RuntimeException e) {
            return 32768;
        }
    }
}
