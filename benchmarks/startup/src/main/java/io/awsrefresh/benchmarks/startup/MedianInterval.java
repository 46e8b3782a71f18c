package io.awsrefresh.benchmarks.startup;

import java.math.BigInteger;
import java.util.List;

/**
 * A distribution-free confidence interval for a median: between two order statistics of
 * the sample, chosen from the binomial distribution with p = ½ so that the true median
 * falls outside with a chance of at most 2.5% on each side. It assumes nothing of the
 * shape of startup times, whose spread on a busy machine is anything but normal.
 *
 * @param low the lower bound, an element of the sample
 * @param high the upper bound, an element of the sample
 * @param confidence the interval's coverage, at least 0.95 when the sample allows it
 */
record MedianInterval(long low, long high, double confidence) {

	private static final double TAIL = 0.025;

	/**
	 * The interval for the median of these values.
	 * @param values the sample, at least six values for a 95% interval
	 * @return the interval; the whole range, with its coverage, for smaller samples
	 */
	static MedianInterval of(List<Long> values) {
		long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
		int n = sorted.length;
		// The largest k with P(X < k) <= TAIL for X ~ Binomial(n, 1/2): then the k-th
		// smallest and the k-th largest value bound the median with at least 1 - 2 TAIL.
		// At least 1: the smallest and largest values, for samples too small for that.
		BigInteger total = BigInteger.TWO.pow(n);
		BigInteger below = BigInteger.ZERO;
		int k = 0;
		while (true) {
			BigInteger next = below.add(binomial(n, k));
			if (next.doubleValue() / total.doubleValue() > TAIL) {
				break;
			}
			below = next;
			k++;
		}
		if (k == 0) {
			k = 1;
			below = BigInteger.ONE;
		}
		double confidence = 1 - 2 * below.doubleValue() / total.doubleValue();
		return new MedianInterval(sorted[k - 1], sorted[n - k], confidence);
	}

	private static BigInteger binomial(int n, int k) {
		BigInteger result = BigInteger.ONE;
		for (int i = 0; i < k; i++) {
			result = result.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
		}
		return result;
	}

}
