#!/bin/sh
# Starts a ucfleet service from its fast-jar. A node's key-encryption key may be given as a
# file (UCFLEET_NODE_KEY_ENCRYPTION_KEY_FILE, as Kubernetes mounts a Secret) instead of the
# variable itself; the key never appears on the command line.
set -eu
if [ -n "${UCFLEET_NODE_KEY_ENCRYPTION_KEY_FILE:-}" ]; then
    if [ ! -r "$UCFLEET_NODE_KEY_ENCRYPTION_KEY_FILE" ]; then
        echo "ucfleet: no key-encryption key at $UCFLEET_NODE_KEY_ENCRYPTION_KEY_FILE: add an entry named after this pod to the node's key-encryption-key Secret" >&2
        exit 1
    fi
    UCFLEET_NODE_KEY_ENCRYPTION_KEY=$(cat "$UCFLEET_NODE_KEY_ENCRYPTION_KEY_FILE")
    export UCFLEET_NODE_KEY_ENCRYPTION_KEY
    unset UCFLEET_NODE_KEY_ENCRYPTION_KEY_FILE
fi
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -jar /deployments/quarkus-run.jar "$@"
