package io.ucfleet.sync.membership;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.ucfleet.sync.config.ClusterConfig;

/**
 * The cluster's node-services: listed in {@code ucfleet.cluster.members} (locally), or every
 * address of a DNS name, {@code ucfleet.cluster.members-dns} (a Kubernetes headless Service
 * resolves to one address per ready pod), on {@code ucfleet.cluster.members-port}. Looked up
 * again on every call, so nodes that join or leave are seen.
 */
@ApplicationScoped
public class Membership {
    @Inject
    ClusterConfig cluster;

    /** Base URLs of the members, without a trailing slash, sorted. */
    public List<String> urls() {
        if (cluster.membersDns().isPresent() && !cluster.membersDns().get().isBlank()) {
            try {
                return Arrays.stream(InetAddress.getAllByName(cluster.membersDns().get().strip()))
                        .map(a -> cluster.membersScheme() + "://" + (a.getAddress().length == 16
                                ? "[" + a.getHostAddress() + "]" : a.getHostAddress()) + ":" + cluster.membersPort())
                        .distinct().sorted().toList();
            } catch (UnknownHostException e) {
                return List.of(); // no ready pod yet
            }
        }
        return cluster.members().orElse(List.of()).stream().map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> s.endsWith("/") ? s.substring(0, s.length() - 1) : s).distinct().sorted().toList();
    }
}
