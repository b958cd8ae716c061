package io.ucfleet.node.inventory;

import java.util.Collection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Serialises changes to a unit within the current transaction (PostgreSQL advisory
 * transaction locks), so concurrent imports, deletions and regenerations of the same store
 * apply one after the other instead of failing on the unique keys or losing an update.
 * Locks are taken in sorted order, so two changes never deadlock.
 */
@ApplicationScoped
public class UnitLocks {
    @Inject
    EntityManager entityManager;

    public void lock(Collection<String> units) {
        units.stream().distinct().sorted().forEach(unit -> entityManager
                .createNativeQuery("select 1 from (select pg_advisory_xact_lock(hashtext(?1))) locked")
                .setParameter(1, unit)
                .getSingleResult());
    }
}
