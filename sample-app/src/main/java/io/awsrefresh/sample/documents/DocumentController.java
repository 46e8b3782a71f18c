package io.awsrefresh.sample.documents;

import java.net.URI;
import java.util.regex.Pattern;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code PUT /documents/{id}} stores a document in S3 and announces it on SQS; {@code GET
 * /documents/{id}} reads it back.
 */
@RestController
class DocumentController {

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,200}");

	private final DocumentStore store;

	private final DocumentEvents events;

	DocumentController(DocumentStore store, DocumentEvents events) {
		this.store = store;
		this.events = events;
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

}
