package dev.gatehouse.web;

import jakarta.faces.component.UIComponent;
import jakarta.faces.component.UIForm;
import jakarta.faces.component.UIViewRoot;
import jakarta.faces.event.SystemEvent;
import jakarta.faces.event.SystemEventListener;

/**
 * Puts a {@link CsrfField} into every form of a view just before it renders (registered for
 * {@code PreRenderViewEvent} in {@code faces-config.xml}). No page has to remember its token: a form without
 * one cannot exist, and {@link CsrfFilter} refuses every POST to a page that lacks a valid one.
 */
public class CsrfFieldInstaller implements SystemEventListener {

    @Override
    public boolean isListenerForSource(Object source) {
        return source instanceof UIViewRoot;
    }

    @Override
    public void processEvent(SystemEvent event) {
        install((UIComponent) event.getSource());
    }

    private static void install(UIComponent component) {
        if (component instanceof UIForm form && form.getChildren().stream().noneMatch(CsrfField.class::isInstance)) {
            form.getChildren().add(new CsrfField());
        }
        component.getFacetsAndChildren().forEachRemaining(CsrfFieldInstaller::install);
    }
}
