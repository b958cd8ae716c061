package io.ucfleet.node.config;

/**
 * CDI event: the node's stored state was wiped back to a fresh install (the management API's
 * reset). Beans that keep something of that state in memory forget it.
 */
public record NodeWasReset() {
}
