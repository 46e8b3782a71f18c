package io.awsrefresh.test.iot;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jspecify.annotations.Nullable;

/**
 * A certificate authority made for one test run, and the certificates it issues: a server
 * certificate for {@code localhost} and {@code 127.0.0.1}, and device certificates, each
 * with its private key. Everything lives an hour and can be written as PEM files, the
 * form AWS IoT hands devices.
 *
 * @since 0.1.0
 */
public final class TestCertificates {

	private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

	private final KeyPair authorityKeys;

	private final X509Certificate authority;

	private TestCertificates(String name) {
		this.authorityKeys = keyPair();
		this.authority = issue(name, this.authorityKeys, null, true, false);
	}

	/**
	 * A new certificate authority.
	 * @param name the authority's common name
	 * @return the authority
	 */
	public static TestCertificates authority(String name) {
		return new TestCertificates(name);
	}

	/**
	 * The authority's own certificate, which clients and servers trust.
	 * @return the certificate
	 */
	public X509Certificate certificate() {
		return this.authority;
	}

	/**
	 * A server certificate for {@code localhost} and {@code 127.0.0.1}.
	 * @return the certificate and its key
	 */
	public Issued server() {
		KeyPair keys = keyPair();
		return new Issued(issue("localhost", keys, this, false, true), keys.getPrivate(), this.authority);
	}

	/**
	 * A device certificate, such as AWS IoT issues to a thing.
	 * @param name the device's common name
	 * @return the certificate and its key
	 */
	public Issued device(String name) {
		KeyPair keys = keyPair();
		return new Issued(issue(name, keys, this, false, false), keys.getPrivate(), this.authority);
	}

	/**
	 * Write the authority's certificate as a PEM file.
	 * @param file where
	 * @return the file
	 */
	public Path writeCertificate(Path file) {
		return write(file, this.authority);
	}

	private X509Certificate issue(String name, KeyPair keys, @Nullable TestCertificates issuer, boolean authority,
			boolean server) {
		try {
			Instant now = Instant.now();
			X500Name subject = new X500Name("CN=" + name);
			X500Name issuerName = (issuer != null) ? new X500Name(issuer.authority.getSubjectX500Principal().getName())
					: subject;
			X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName,
					BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(Duration.ofMinutes(5))),
					Date.from(now.plus(Duration.ofHours(1))), subject, keys.getPublic());
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
			if (server) {
				builder.addExtension(Extension.subjectAlternativeName, false,
						new GeneralNames(new GeneralName[] { new GeneralName(GeneralName.dNSName, "localhost"),
								new GeneralName(GeneralName.iPAddress, "127.0.0.1") }));
			}
			PrivateKey signer = (issuer != null) ? issuer.authorityKeys.getPrivate() : keys.getPrivate();
			return new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer)));
		}
		catch (IOException | GeneralSecurityException | OperatorCreationException ex) {
			throw new IllegalStateException("Could not issue a test certificate", ex);
		}
	}

	private static KeyPair keyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static Path write(Path file, Object pemObject) {
		StringWriter text = new StringWriter();
		try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
			pem.writeObject(pemObject);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		try {
			return Files.writeString(file, text.toString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A certificate issued by the authority, with its private key.
	 *
	 * @param certificate the certificate
	 * @param privateKey its private key
	 * @param authority the certificate of the authority that issued it
	 */
	public record Issued(X509Certificate certificate, PrivateKey privateKey, X509Certificate authority) {

		/**
		 * Write the certificate as a PEM file.
		 * @param file where
		 * @return the file
		 */
		public Path writeCertificate(Path file) {
			return write(file, this.certificate);
		}

		/**
		 * Write the private key as a PKCS#8 PEM file ({@code BEGIN PRIVATE KEY}).
		 * @param file where
		 * @return the file
		 */
		public Path writePrivateKey(Path file) {
			try {
				return write(file, new JcaPKCS8Generator(this.privateKey, null).generate());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		/**
		 * A TLS context that presents this certificate and trusts only its authority.
		 * @return the context
		 */
		public SSLContext sslContext() {
			try {
				SSLContext context = SSLContext.getInstance("TLS");
				context.init(keyManagers(), trustManagers(), null);
				return context;
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("Could not build a TLS context", ex);
			}
		}

		/**
		 * Key managers that present this certificate.
		 * @return the key managers
		 */
		public KeyManager[] keyManagers() {
			try {
				KeyStore keys = KeyStore.getInstance("PKCS12");
				keys.load(null, null);
				keys.setKeyEntry("key", this.privateKey, new char[0],
						new java.security.cert.Certificate[] { this.certificate });
				KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
				keyManagers.init(keys, new char[0]);
				return keyManagers.getKeyManagers();
			}
			catch (IOException | GeneralSecurityException ex) {
				throw new IllegalStateException("Could not build key managers", ex);
			}
		}

		/**
		 * Trust managers that trust only the authority that issued this certificate.
		 * @return the trust managers
		 */
		public TrustManager[] trustManagers() {
			try {
				KeyStore trusted = KeyStore.getInstance("PKCS12");
				trusted.load(null, null);
				trusted.setCertificateEntry("authority", this.authority);
				TrustManagerFactory trustManagers = TrustManagerFactory
					.getInstance(TrustManagerFactory.getDefaultAlgorithm());
				trustManagers.init(trusted);
				return trustManagers.getTrustManagers();
			}
			catch (IOException | GeneralSecurityException ex) {
				throw new IllegalStateException("Could not build trust managers", ex);
			}
		}

	}

}
