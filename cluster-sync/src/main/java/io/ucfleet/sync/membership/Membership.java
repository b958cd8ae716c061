package io.ucfleet.sync.membership;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The cluster's node-services: listed in {@code ucfleet.cluster.members} (locally), or every
 * address of a DNS name, {@code ucfleet.cluster.members-dns} (a Kubernetes headless Service
 * resolves to one address per ready pod), on {@code ucfleet.cluster.members-port}. Looked up
 * again on every call, so nodes that join or leave are seen.
 */
@ApplicationScoped
public class Membership {
    @ConfigProperty(name = "ucfleet.cluster.members")
    Optional<List<String>> members;
    @ConfigProperty(name = "ucfleet.cluster.members-dns")
    Optional<String> membersDns;
    @ConfigProperty(name = "ucfleet.cluster.members-port", defaultValue = "8080")
    int membersPort;
    @ConfigProperty(name = "ucfleet.cluster.members-scheme", defaultValue = "http")
    String membersScheme;

    /** Base URLs of the members, without a trailing slash, sorted. */
    public List<String> urls() {
        if (membersDns.isPresent() && !membersDns.get().isBlank()) {
            try {
                return Arrays.stream(InetAddress.getAllByName(membersDns.get().strip()))
                        .map(a -> membersScheme + "://" + (a.getAddress().length == 16 ? "[" + a.getHostAddress() + "]"
                                : a.getHostAddress()) + ":" + membersPort)
                        .distinct().sorted().toList();
            } catch (UnknownHostException e) {
                return List.of(); // no ready pod yet
            }
        }
        return members.orElse(List.of()).stream().map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> s.endsWith("/") ? s.substring(0, s.length() - 1) : s).distinct().sorted().toList();
    }
}
