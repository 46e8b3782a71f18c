package io.awsrefresh.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Collects what is wrong with {@code aws.refresh.*} so that one startup report lists
 * every invalid value, not the first one found. Each check reads one value and either
 * returns it or throws {@link InvalidAwsRefreshPropertyException}; a value that failed
 * its check reads as unset, so the checks after it still run.
 */
final class PropertyProblems {

	private final List<InvalidAwsRefreshPropertyException> problems = new ArrayList<>();

	/**
	 * Run one check.
	 * @param check reads and checks one value
	 * @param <T> the type of the value
	 * @return the value, or {@code null} if it is invalid
	 */
	<T> @Nullable T check(Supplier<? extends @Nullable T> check) {
		try {
			return check.get();
		}
		catch (InvalidAwsRefreshPropertyException ex) {
			add(ex);
			return null;
		}
	}

	void add(InvalidAwsRefreshPropertyException problem) {
		// The same key can be reached twice (a role's own check and its chain): one
		// entry.
		if (this.problems.stream().noneMatch((known) -> known.getMessage().equals(problem.getMessage()))) {
			this.problems.add(problem);
		}
	}

	boolean isReported(String property) {
		return this.problems.stream().anyMatch((problem) -> problem.getProperty().equals(property));
	}

	/**
	 * What was found so far.
	 * @return the problems, in the order found
	 */
	List<InvalidAwsRefreshPropertyException> list() {
		return List.copyOf(this.problems);
	}

	int count() {
		return this.problems.size();
	}

	/**
	 * Throw what was found: the problem itself when there is one, all of them together
	 * when there are several.
	 */
	void throwIfAny() {
		if (this.problems.size() == 1) {
			throw this.problems.get(0);
		}
		if (!this.problems.isEmpty()) {
			throw new InvalidAwsRefreshPropertiesException(this.problems);
		}
	}

}
