"""The benchmark report's arithmetic."""

from bench.report import arrivals


def test_arrivals_count_the_busiest_100_ms_of_sending():
    sent = [0.0, 0.02, 0.05, 0.3, 0.33, 0.35, 0.38, 1.4]
    assert arrivals(sent) == {"sent_over_s": 1.4, "most_sent_within_100ms": 4}


def test_a_class_sent_at_one_instant_is_all_within_100_ms():
    assert arrivals([2.0] * 66) == {"sent_over_s": 0.0, "most_sent_within_100ms": 66}
