package dev.gatehouse.security;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.util.Nonbinding;

/**
 * Makes the standard {@link RolesAllowed} an interceptor binding, so it is enforced on CDI beans (services and
 * JAX-RS resources) exactly as the EJB container enforces it on enterprise beans: one annotation, one meaning,
 * wherever it is written. Its value is non-binding; {@link RolesAllowedInterceptor} reads it.
 */
public class RolesAllowedExtension implements Extension {

    void bindRolesAllowed(@Observes BeforeBeanDiscovery discovery) {
        discovery
                .configureInterceptorBinding(RolesAllowed.class)
                .methods()
                .forEach(member -> member.add(Nonbinding.Literal.INSTANCE));
    }
}
