package io.funccache.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.RedisCachingProvider;
import io.funccache.testing.RedisServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * rediss:// against a redis-server that speaks only TLS, with a certificate the test makes
 * (openssl) and a trust store holding it.
 */
class TlsTest {
  @TempDir
  static Path dir;
  private static RedisServer.Started server;
  private static Path truststore;

  @BeforeAll
  static void startTlsRedis() throws Exception {
    Path key = dir.resolve("key.pem");
    Path cert = dir.resolve("cert.pem");
    Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048",
        "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days", "1",
        "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost")
        .redirectErrorStream(true).start();
    openssl.getInputStream().readAllBytes();
    assertTrue(openssl.waitFor(60, TimeUnit.SECONDS) && openssl.exitValue() == 0,
        "openssl could not make a certificate");

    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    try (InputStream in = Files.newInputStream(cert)) {
      Certificate certificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
      store.setCertificateEntry("redis", certificate);
    }
    truststore = dir.resolve("truststore.p12");
    try (OutputStream out = Files.newOutputStream(truststore)) {
      store.store(out, "changeit".toCharArray());
    }
    int tlsPort = RedisServer.freePort();
    server = RedisServer.start(List.of("--port", "0", "--tls-port", String.valueOf(tlsPort),
        "--tls-cert-file", cert.toString(), "--tls-key-file", key.toString(),
        "--tls-ca-cert-file", cert.toString(), "--tls-auth-clients", "no",
        "--requirepass", "tls-secret"), false, tlsPort);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void rediss_withTheServersCaInTheTrustStore_works() {
    URI uri = URI.create("rediss://:tls-secret@127.0.0.1:" + server.port()
        + "?truststore=" + truststore.toUri() + "&truststorePassword=changeit");
    CacheManager manager = new RedisCachingProvider().getCacheManager(uri,
        getClass().getClassLoader());
    try {
      Cache<String, String> cache = manager.createCache("tls", new MutableConfiguration<>());
      cache.put("k", "over TLS");
      assertEquals("over TLS", cache.get("k"));
      manager.destroyCache("tls");
    } finally {
      manager.close();
    }
  }

  @Test
  void rediss_withoutTrustingTheServer_failsNamingItButNotThePassword() {
    URI uri = URI.create("rediss://:tls-secret@127.0.0.1:" + server.port()
        + "?connectTimeout=1s&timeout=1s");
    CacheException e = assertThrows(CacheException.class,
        () -> new RedisCachingProvider().getCacheManager(uri, getClass().getClassLoader()));
    assertTrue(e.getMessage().contains("127.0.0.1:" + server.port()), e.getMessage());
    assertFalse(e.getMessage().contains("tls-secret"), e.getMessage());
  }
}
