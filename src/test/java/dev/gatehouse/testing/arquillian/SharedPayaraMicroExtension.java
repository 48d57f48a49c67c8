package dev.gatehouse.testing.arquillian;

import fish.payara.arquillian.container.payara.managed.PayaraMicroDeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Replaces the Payara Micro managed container with {@link SharedPayaraMicroContainer}, so each distinct
 * deployment boots once per test run instead of once per test class.
 */
public class SharedPayaraMicroExtension implements LoadableExtension {

    @Override
    public void register(ExtensionBuilder builder) {
        builder.override(
                DeployableContainer.class, PayaraMicroDeployableContainer.class, SharedPayaraMicroContainer.class);
    }
}
