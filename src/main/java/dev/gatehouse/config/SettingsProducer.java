package dev.gatehouse.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.eclipse.microprofile.config.Config;

/** Makes the settings (from MicroProfile Config) and the clock injectable. */
@ApplicationScoped
public class SettingsProducer {

    @Inject
    Config config;

    @Produces
    @Singleton
    GatehouseSettings settings() {
        return GatehouseSettings.load(key -> config.getOptionalValue(key, String.class));
    }

    @Produces
    @Singleton
    DirectorySettings directorySettings() {
        return DirectorySettings.load(key -> config.getOptionalValue(key, String.class));
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
