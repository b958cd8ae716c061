package io.ucfleet.labca.revocation;

import java.time.Instant;

/** A CRL a CA of the lab signed: its number, its times, and the DER. */
public record SignedCrl(long authorityId, long number, Instant thisUpdate, Instant nextUpdate, Instant signedAt, byte[] der) {
}
