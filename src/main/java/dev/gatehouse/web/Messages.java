package dev.gatehouse.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.faces.context.FacesContext;
import java.util.Locale;
import java.util.ResourceBundle;

/** UI text from the {@code messages} bundle, in the locale Faces chose for the request. */
@ApplicationScoped
public class Messages {

    public static final String BUNDLE = "dev.gatehouse.i18n.messages";

    /** The text for {@code key}. */
    public String get(String key) {
        FacesContext faces = FacesContext.getCurrentInstance();
        Locale locale = faces != null && faces.getViewRoot() != null ? faces.getViewRoot().getLocale() : Locale.ENGLISH;
        return ResourceBundle.getBundle(BUNDLE, locale).getString(key);
    }
}
