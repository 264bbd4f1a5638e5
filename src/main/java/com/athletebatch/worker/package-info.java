/**
 * The remote worker (issue 13): a long-running process that takes partitions of the jobs' steps
 * from the broker and runs them against the shared database and job repository.
 */
package com.athletebatch.worker;
