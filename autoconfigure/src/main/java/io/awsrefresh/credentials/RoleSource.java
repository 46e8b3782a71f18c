package io.awsrefresh.credentials;

import org.jspecify.annotations.Nullable;

/**
 * Where a role's credentials come from: the source credentials as they are, an STS
 * {@code AssumeRole} call, the AWS IoT credentials provider with a device certificate, or
 * an application's {@link CustomCredentialsSource}. All but the source credentials are
 * kept fresh by the same refresh engine.
 *
 * @since 0.1.0
 */
public sealed interface RoleSource
		permits RoleSource.Direct, RoleSource.AssumeRole, RoleSource.IotCertificate, RoleSource.Custom {

	/**
	 * The kind of this source.
	 * @return the kind
	 */
	Kind kind();

	/**
	 * A short, secret-free description for messages, such as the role ARN.
	 * @return the description
	 */
	String describe();

	/**
	 * The source credentials used as they are: no role is assumed, and refreshing them is
	 * the source provider's own business (the SDK's chain caches and renews instance or
	 * container credentials itself).
	 */
	record Direct() implements RoleSource {

		@Override
		public Kind kind() {
			return Kind.SOURCE_CREDENTIALS;
		}

		@Override
		public String describe() {
			return "source credentials, no role-arn";
		}

	}

	/**
	 * An STS {@code AssumeRole} call.
	 *
	 * @param spec every field of the call
	 * @param sourceRole name of the role whose credentials call STS, or {@code null} for
	 * the source credentials
	 * @param sts where the call goes
	 */
	record AssumeRole(AssumeRoleSpec spec, @Nullable String sourceRole, StsEndpoint sts) implements RoleSource {

		@Override
		public Kind kind() {
			return Kind.ASSUME_ROLE;
		}

		@Override
		public String describe() {
			return this.spec.roleArn();
		}

	}

	/**
	 * The AWS IoT credentials provider, asked over mutual TLS with a device certificate.
	 *
	 * @param spec every field of the call
	 */
	record IotCertificate(IotCredentialsSpec spec) implements RoleSource {

		@Override
		public Kind kind() {
			return Kind.IOT_CERTIFICATE;
		}

		@Override
		public String describe() {
			return "IoT role alias " + this.spec.roleAlias() + " at " + this.spec.endpoint().getHost();
		}

	}

	/**
	 * An application bean that returns temporary credentials with their expiry.
	 *
	 * @param name name of the source (its bean name), for messages
	 * @param source the source
	 */
	record Custom(String name, CustomCredentialsSource source) implements RoleSource {

		@Override
		public Kind kind() {
			return Kind.CUSTOM;
		}

		@Override
		public String describe() {
			return "custom source '" + this.name + "'";
		}

		@Override
		public String toString() {
			return "Custom[name=" + this.name + "]";
		}

	}

	/**
	 * Kinds of credentials sources.
	 */
	enum Kind {

		/**
		 * The source credentials as they are.
		 */
		SOURCE_CREDENTIALS,

		/**
		 * STS AssumeRole.
		 */
		ASSUME_ROLE,

		/**
		 * The AWS IoT credentials provider, with a device certificate.
		 */
		IOT_CERTIFICATE,

		/**
		 * A {@link CustomCredentialsSource} bean.
		 */
		CUSTOM

	}

}
