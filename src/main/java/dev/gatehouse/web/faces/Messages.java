package dev.gatehouse.web.faces;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.faces.context.FacesContext;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/** UI text from the {@code messages} bundle, in the locale Faces chose for the request. */
@ApplicationScoped
public class Messages {

    public static final String BUNDLE = "dev.gatehouse.i18n.messages";

    /** The text for {@code key}. */
    public String get(String key) {
        return ResourceBundle.getBundle(BUNDLE, locale()).getString(key);
    }

    /** The text for {@code key} with {@code {0}}, {@code {1}}, ... filled in. */
    public String format(String key, Object... arguments) {
        return new MessageFormat(get(key), locale()).format(arguments);
    }

    private static Locale locale() {
        FacesContext faces = FacesContext.getCurrentInstance();
        return faces != null && faces.getViewRoot() != null
                ? faces.getViewRoot().getLocale()
                : Locale.ENGLISH;
    }
}
