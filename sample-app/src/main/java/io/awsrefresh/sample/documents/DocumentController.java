package io.awsrefresh.sample.documents;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.regex.Pattern;

import io.awsrefresh.client.PresignRefusedException;
import io.awsrefresh.sample.documents.DocumentLinks.DocumentLink;
import io.awsrefresh.sample.documents.LargeDocumentUploads.LargeDocument;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code PUT /documents/{id}} stores a document in S3 and announces it on SQS; {@code GET
 * /documents/{id}} reads it back; {@code GET /documents/{id}/link} hands out a presigned
 * link to it; {@code PUT /large-documents/{id}} stores a large one in parts.
 */
@RestController
class DocumentController {

	private static final Log logger = LogFactory.getLog(DocumentController.class);

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,200}");

	private final DocumentStore store;

	private final DocumentEvents events;

	private final DocumentLinks links;

	private final LargeDocumentUploads uploads;

	DocumentController(DocumentStore store, DocumentEvents events, DocumentLinks links, LargeDocumentUploads uploads) {
		this.store = store;
		this.events = events;
		this.links = links;
		this.uploads = uploads;
	}

	@PutMapping("/documents/{id}")
	ResponseEntity<StoredDocument> put(@PathVariable String id, @RequestBody byte[] content,
			@RequestHeader(name = HttpHeaders.CONTENT_TYPE,
					defaultValue = MediaType.APPLICATION_OCTET_STREAM_VALUE) String contentType) {
		Document document = new Document(checkId(id), contentType, content);
		this.store.put(document);
		this.events.stored(document);
		return ResponseEntity.created(URI.create("/documents/" + id))
			.body(new StoredDocument(id, content.length, contentType));
	}

	@GetMapping("/documents/{id}")
	ResponseEntity<byte[]> get(@PathVariable String id) {
		Document document = this.store.get(checkId(id))
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No document " + id));
		// Stored bytes are served as they were uploaded: never sniffed, never rendered
		// in place, so an uploaded HTML page cannot run in the service's origin.
		return ResponseEntity.ok()
			.contentType(mediaType(document.contentType()))
			.header("X-Content-Type-Options", "nosniff")
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + id + "\"")
			.body(document.content());
	}

	@GetMapping("/documents/{id}/link")
	DocumentLink link(@PathVariable String id) {
		return this.links.link(checkId(id))
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No document " + id));
	}

	/**
	 * Stores a document of any size: the body is read as a stream, never held in memory,
	 * and uploaded in parts. It is read back with {@code GET /documents/{id}}, which does
	 * hold it in memory, or better through a link.
	 */
	@PutMapping("/large-documents/{id}")
	ResponseEntity<UploadedDocument> putLarge(@PathVariable String id, InputStream content,
			@RequestHeader(name = HttpHeaders.CONTENT_TYPE,
					defaultValue = MediaType.APPLICATION_OCTET_STREAM_VALUE) String contentType)
			throws IOException {
		LargeDocument document = this.uploads.upload(checkId(id), contentType, content);
		this.events.stored(id, document.size());
		return ResponseEntity.created(URI.create("/documents/" + id))
			.body(new UploadedDocument(id, document.size(), contentType, document.eTag()));
	}

	/**
	 * A link is refused when the service's credentials expire too soon for it to be of
	 * use: STS has been failing for most of their lifetime. Once a refresh succeeds,
	 * links are handed out again, so the client may retry later.
	 */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> presignRefused(PresignRefusedException ex) {
		logger.warn(ex.getMessage());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"Cannot hand out a link now: the service's AWS credentials expire too soon "
						+ "for a link to be of use. Try again later.");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(problem);
	}

	private static MediaType mediaType(String contentType) {
		try {
			return MediaType.parseMediaType(contentType);
		}
		catch (InvalidMediaTypeException ex) {
			return MediaType.APPLICATION_OCTET_STREAM;
		}
	}

	private static String checkId(String id) {
		if (!ID.matcher(id).matches()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"A document id is 1 to 200 letters, digits, '.', '_' or '-'");
		}
		return id;
	}

	record StoredDocument(String id, int size, String contentType) {

	}

	record UploadedDocument(String id, long size, String contentType, String eTag) {

	}

}
