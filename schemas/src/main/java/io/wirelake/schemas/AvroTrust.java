package io.wirelake.schemas;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 refuses to instantiate classes it does not trust while decoding. wirelake's generated record
 * classes are trusted here, once per JVM, in addition to whatever the JVM already trusts, so a job decodes
 * its own records on any Flink cluster without extra system properties.
 */
public final class AvroTrust {
  private static volatile boolean done;

  private AvroTrust() {}

  public static void trustWirelakeSchemas() {
    if (done) {
      return;
    }
    synchronized (AvroTrust.class) {
      if (!done) {
        ClassSecurityValidator.ClassSecurityPredicate ours =
            c -> c.getName().startsWith(AvroTrust.class.getPackageName() + ".");
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(), ours));
        done = true;
      }
    }
  }
}
