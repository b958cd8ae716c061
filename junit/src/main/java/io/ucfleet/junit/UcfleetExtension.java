package io.ucfleet.junit;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The extension behind {@link UcfleetFleet} (registered by it; not meant to be used alone). The
 * fleet belongs to the nearest class (this one or an enclosing one, for {@code @Nested}) that
 * carries the annotation, and is started by whichever comes first: a constructor parameter, the
 * test instance's fields, or {@code @BeforeAll}.
 */
public final class UcfleetExtension implements BeforeAllCallback, AfterAllCallback, TestInstancePostProcessor,
        ParameterResolver, TestWatcher {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(UcfleetExtension.class);

    /** What a class's store holds: its own fleet (CLASS, closed with the class) or a reference to the suite's. */
    private record Slot(FleetResource resource, boolean own) implements AutoCloseable {
        @Override
        public void close() {
            if (own) {
                resource.close();
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IllegalAccessException {
        List<Field> fields = targets(context.getRequiredTestClass(), f -> Modifier.isStatic(f.getModifiers()));
        Fleet fleet = slot(context).resource().fleet();
        set(fields, null, fleet);
    }

    @Override
    public void postProcessTestInstance(Object testInstance, ExtensionContext context) throws IllegalAccessException {
        List<Field> fields = targets(testInstance.getClass(), f -> !Modifier.isStatic(f.getModifiers()));
        Fleet fleet = slot(context).resource().fleet();
        set(fields, testInstance, fleet);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // The store closes it too, but only while JUnit's closing of AutoCloseable values is on.
        Slot slot = context.getStore(NAMESPACE).get(context.getRequiredTestClass(), Slot.class);
        if (slot != null) {
            slot.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Fleet.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return slot(context).resource().fleet();
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        existingSlot(context).ifPresent(s -> s.resource().testFailed());
    }

    /** The fleet of the nearest annotated class context, started on first use. */
    private static Slot slot(ExtensionContext context) {
        ExtensionContext owner = owner(context);
        Class<?> type = owner.getRequiredTestClass();
        UcfleetFleet annotation = AnnotationSupport.findAnnotation(type, UcfleetFleet.class).orElseThrow();
        FleetResource.Spec spec = FleetResource.Spec.of(annotation);
        ClassLoader loader = type.getClassLoader();
        return owner.getStore(NAMESPACE).computeIfAbsent(type, key -> switch (annotation.scope()) {
            case CLASS -> new Slot(FleetResource.start(spec, loader), true);
            case SUITE -> new Slot(owner.getRoot().getStore(NAMESPACE)
                    .computeIfAbsent(spec, s -> FleetResource.start(spec, loader), FleetResource.class), false);
        }, Slot.class);
    }

    private static Optional<Slot> existingSlot(ExtensionContext context) {
        ExtensionContext owner = owner(context);
        return Optional.ofNullable(owner.getStore(NAMESPACE).get(owner.getRequiredTestClass(), Slot.class));
    }

    private static ExtensionContext owner(ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            if (c.getElement().orElse(null) instanceof Class<?> type
                    && AnnotationSupport.isAnnotated(type, UcfleetFleet.class)) {
                return c;
            }
        }
        throw new ExtensionConfigurationException("no @UcfleetFleet on " + context.getRequiredTestClass().getName()
                + " or a class enclosing it");
    }

    /** Fields of type Fleet, and any field marked {@link UcfleetFleet.Inject} (which must be one): checked before a fleet starts. */
    private static List<Field> targets(Class<?> type, Predicate<Field> kind) {
        List<Field> fields = ReflectionSupport.findFields(type, f -> kind.test(f)
                && (f.isAnnotationPresent(UcfleetFleet.Inject.class) || f.getType() == Fleet.class),
                HierarchyTraversalMode.TOP_DOWN);
        for (Field field : fields) {
            if (field.isAnnotationPresent(UcfleetFleet.Inject.class)
                    && (field.getType() != Fleet.class || Modifier.isFinal(field.getModifiers()))) {
                throw new ExtensionConfigurationException("@UcfleetFleet.Inject on " + field.getDeclaringClass().getName()
                        + "." + field.getName() + ": the field must be a non-final " + Fleet.class.getName());
            }
        }
        // a final Fleet field without the mark is the test's own business (e.g. set from the constructor)
        return fields.stream().filter(f -> !Modifier.isFinal(f.getModifiers())).toList();
    }

    private static void set(List<Field> fields, Object target, Fleet fleet) throws IllegalAccessException {
        for (Field field : fields) {
            field.setAccessible(true);
            field.set(target, fleet);
        }
    }
}
