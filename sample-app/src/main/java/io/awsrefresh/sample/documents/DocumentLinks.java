package io.awsrefresh.sample.documents;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.awsrefresh.client.PresignedUrls;

import org.springframework.stereotype.Component;

import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.GetObjectPresignRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;

/**
 * Presigned links to stored documents: whoever holds one downloads the document from S3
 * directly, without going through this service, until the link expires.
 */
@Component
public class DocumentLinks {

	private final S3Presigner presigner;

	private final DocumentStore store;

	private final String bucket;

	private final Duration validity;

	public DocumentLinks(S3Presigner presigner, DocumentStore store, DocumentsProperties properties) {
		this.presigner = presigner;
		this.store = store;
		this.bucket = properties.bucket();
		this.validity = properties.linkValidity();
	}

	/**
	 * A link to a stored document.
	 * @param id the document id
	 * @return the link, or empty if there is no such document
	 * @throws io.awsrefresh.client.PresignRefusedException if the credentials would
	 * expire too soon for the link to be of use
	 */
	public Optional<DocumentLink> link(String id) {
		// Presigning happens locally and succeeds for any key: a link to a missing
		// document would fail only when used. S3 is asked first.
		if (!this.store.exists(id)) {
			return Optional.empty();
		}
		// Downloaded as an attachment, like GET /documents/{id} serves it.
		GetObjectPresignRequest request = GetObjectPresignRequest.builder()
			.signatureDuration(this.validity)
			.getObjectRequest((get) -> get.bucket(this.bucket)
				.key(id)
				.responseContentDisposition("attachment; filename=\"" + id + "\""))
			.build();
		PresignedGetObjectRequest presigned = this.presigner.presignGetObject(request);
		// The link dies with the session credentials that signed it, which may expire
		// before the validity asked for: validUntil tells when it really stops working.
		return Optional.of(new DocumentLink(id, presigned.url().toString(), PresignedUrls.validUntil(presigned)));
	}

	/**
	 * A link to a document.
	 *
	 * @param id the document id
	 * @param url the presigned GET URL
	 * @param expiresAt when the URL stops working
	 */
	public record DocumentLink(String id, String url, Instant expiresAt) {

	}

}
