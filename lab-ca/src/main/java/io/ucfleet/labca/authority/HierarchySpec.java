package io.ucfleet.labca.authority;

import java.time.Duration;
import java.util.Optional;

import io.ucfleet.labca.keys.KeyType;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * What a new hierarchy is to be, validated: a name that can stand in a URL path (a DNS label),
 * the key type and size of both its CAs, whether it has an intermediate, subject fields and
 * validities.
 */
public record HierarchySpec(String name, KeyType keyType, int keySize, boolean intermediate, String organization,
        String rootCommonName, String intermediateCommonName, Duration rootValidity, Duration intermediateValidity,
        Duration crlValidity) {

    public static final int MAX_CA_DAYS = 36500;

    public HierarchySpec {
        if (!validName(name)) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "\"name\" must be a DNS label (lower-case letters, digits,"
                    + " inner hyphens, at most 63): it is part of the CRL and OCSP URLs.");
        }
        for (String cn : new String[] { organization, rootCommonName, intermediateCommonName }) {
            if (cn.isBlank() || cn.length() > 64) {
                throw new DomainProblem(ProblemType.INVALID_REQUEST, "Subject fields must be 1 to 64 characters (RFC 5280 ub-common-name).");
            }
        }
        if (rootValidity.isNegative() || rootValidity.isZero() || rootValidity.toDays() > MAX_CA_DAYS
                || intermediateValidity.isNegative() || intermediateValidity.isZero()) {
            throw new DomainProblem(ProblemType.INVALID_VALIDITY, "CA validities must be 1 to " + MAX_CA_DAYS + " days.");
        }
        if (intermediateValidity.compareTo(rootValidity) > 0) {
            throw new DomainProblem(ProblemType.INVALID_VALIDITY, "The intermediate cannot outlive its root ("
                    + intermediateValidity.toDays() + " > " + rootValidity.toDays() + " days).");
        }
        if (crlValidity.isNegative() || crlValidity.isZero()) {
            throw new DomainProblem(ProblemType.INVALID_VALIDITY, "\"crlValidity\" must be positive.");
        }
    }

    /** From the API's or the configuration's optional members, with the defaults filled in. */
    /** A hierarchy's name: a DNS label, so that it stands in URL paths (CDP, AIA) as it is. */
    public static boolean validName(String name) {
        return name != null && name.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    }

    public static HierarchySpec of(String name, String keyType, Optional<Integer> keySize, Optional<Boolean> intermediate,
            Optional<String> organization, Optional<String> rootCommonName, Optional<String> intermediateCommonName,
            Optional<Integer> rootValidityDays, Optional<Integer> intermediateValidityDays, Duration crlValidity) {
        KeyType type = KeyType.parse(keyType);
        int size = type.size(keySize);
        String label = name == null ? "" : name;
        int rootDays = rootValidityDays.orElse(7300);
        int interDays = intermediateValidityDays.orElse(Math.min(3650, rootDays));
        if (rootDays < 1 || interDays < 1) {
            throw new DomainProblem(ProblemType.INVALID_VALIDITY, "CA validities must be 1 to " + MAX_CA_DAYS + " days.");
        }
        return new HierarchySpec(label, type, size, intermediate.orElse(true), organization.orElse("ucfleet lab"),
                rootCommonName.orElse("ucfleet Lab Root CA (" + label + ")"),
                intermediateCommonName.orElse("ucfleet Lab Issuing CA (" + label + ")"), Duration.ofDays(rootDays),
                Duration.ofDays(interDays), crlValidity);
    }
}
