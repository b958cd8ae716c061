package io.ucfleet.node.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The release a node runs ({@code ucfleet.node.version}), e.g. {@code 15.0.1.12900-234}: what
 * {@code show version active} reports and which output formats the CLI uses where releases differ.
 */
public record Release(String version, int major) {
    private static final Pattern VERSION = Pattern.compile("(\\d{1,3})\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,6}-\\d{1,6}");

    /** Refuses what is not a Cisco release number, so a typo fails the boot instead of changing formats. */
    public static Release parse(String version) {
        Matcher m = VERSION.matcher(version == null ? "" : version.strip());
        if (!m.matches()) {
            throw new IllegalStateException("ucfleet.node.version=" + version
                    + " is not a release number like 15.0.1.12900-234 or 12.5.1.11900-146");
        }
        return new Release(version.strip(), Integer.parseInt(m.group(1)));
    }

    /** Releases before 15 print {@code show cert list} as blocks of Unit/Type/Name/Issuer/Expires lines. */
    public boolean listsCertificatesAsBlocks() {
        return major < 15;
    }
}
