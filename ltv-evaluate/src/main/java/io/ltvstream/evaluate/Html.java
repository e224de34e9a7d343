package io.ltvstream.evaluate;


/** The reports' one HTML escaper: text into element content and quoted attribute values. */
public final class Html {
  private Html() {}

  public static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("'", "&#39;").replace("\"", "&quot;");
  }
}
