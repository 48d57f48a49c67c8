package dev.gatehouse.factor;

import io.nayuki.qrcodegen.QrCode;

/**
 * QR codes as inline SVG, drawn on the server (Nayuki's QR Code generator), so the enrolment page needs no script
 * and no image request. The SVG holds nothing but rectangles computed from the code's modules.
 */
public final class QrCodes {

    /** Light modules around the code, as the standard asks, so phone cameras find its edges. */
    private static final int QUIET_ZONE = 4;

    private QrCodes() {}

    /** {@code text} as an SVG element, {@code pixels} wide; error correction level M. */
    public static String svg(String text, int pixels) {
        QrCode code = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        int size = code.size + 2 * QUIET_ZONE;
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < code.size; y++) {
            for (int x = 0; x < code.size; x++) {
                if (code.getModule(x, y)) {
                    path.append('M')
                            .append(x + QUIET_ZONE)
                            .append(',')
                            .append(y + QUIET_ZONE)
                            .append("h1v1h-1z");
                }
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" + pixels + "\" height=\"" + pixels
                + "\" viewBox=\"0 0 " + size + " " + size + "\" shape-rendering=\"crispEdges\">"
                + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
    }
}
