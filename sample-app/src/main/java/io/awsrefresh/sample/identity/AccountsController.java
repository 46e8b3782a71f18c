package io.awsrefresh.sample.identity;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import io.awsrefresh.client.AwsClientRegistry;
import io.awsrefresh.client.AwsSession;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /accounts?ids=111111111111,222222222222}: the {@code tenant} role template
 * in each account, as the multi-account services of a platform team use it. Each
 * account's role is assumed on first use, held and refreshed like any other, and evicted
 * when unused.
 */
@RestController
class AccountsController {

	private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

	private final AwsClientRegistry registry;

	AccountsController(AwsClientRegistry registry) {
		this.registry = registry;
	}

	@GetMapping("/accounts")
	List<AccountIdentity> accounts(@RequestParam List<String> ids) {
		if (ids.isEmpty() || ids.size() > 20 || !ids.stream().allMatch((id) -> ACCOUNT_ID.matcher(id).matches())) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "ids: 1 to 20 twelve-digit account ids");
		}
		return ids.stream().map(this::identity).toList();
	}

	private AccountIdentity identity(String account) {
		AwsSession session = this.registry.session("tenant", account);
		return new AccountIdentity(account, session.roleName(), session.whoami().arn(), session.expiration());
	}

	/**
	 * The template's role in one account.
	 *
	 * @param account the account id
	 * @param role the run-time role's name
	 * @param arn the caller ARN STS reports
	 * @param credentialsExpireAt expiry of the role's current credentials
	 */
	record AccountIdentity(String account, String role, String arn, @Nullable Instant credentialsExpireAt) {

	}

}
