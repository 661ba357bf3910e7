// Each failover test runs four processes on a machine that may have two cores; two at once would starve each other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
