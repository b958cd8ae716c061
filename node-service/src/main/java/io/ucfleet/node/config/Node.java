package io.ucfleet.node.config;

import io.ucfleet.node.profile.NodeRole;

/** This node's validated configuration: {@link NodeConfig} with the role resolved. */
public record Node(String hostname, String fqdn, String ip, NodeRole role, String clusterName,
        NodeConfig.Subject subject) {
}
