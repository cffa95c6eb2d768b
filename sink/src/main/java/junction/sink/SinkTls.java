package junction.sink;

import java.nio.file.Path;

/**
 * TLS settings for an https endpoint, all PEM files: the certificates to trust (null: the JDK's
 * default trust store), and for mutual TLS a client certificate chain with its PKCS#8 private key
 * (both or neither). Holds paths only, so printing it is safe.
 */
public record SinkTls(Path trustedCertificates, Path clientCertificate, Path clientKey) {

    /** The JDK's trust store, no client certificate. */
    public static SinkTls defaults() {
        return new SinkTls(null, null, null);
    }

    boolean mutual() {
        return clientCertificate != null;
    }

    /** The first problem as one line naming the setting, or null. */
    String problem() {
        if ((clientCertificate == null) != (clientKey == null)) {
            return "sink.tls.clientCertificate and sink.tls.clientKey must be given together, were "
                    + clientCertificate + " and " + clientKey;
        }
        return null;
    }
}
