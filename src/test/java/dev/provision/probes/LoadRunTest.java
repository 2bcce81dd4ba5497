package dev.provision.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.report.Timeline;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every request the load schedules is accounted for, and the failover fails when one is not answered. */
class LoadRunTest {
    @Test
    void everyRequestOfAFinishedLoadIsAnswered() throws Exception {
        var d = new FakeDeployment(3);
        var ctx = d.context(FakeDeployment.fastOptions());
        var load = new LoadRun(ctx, System.nanoTime(), 50, 400, 5000, s -> false);
        load.start();
        load.awaitEnd();
        var r = load.result();
        var a = r.accounting();
        assertEquals(20, a.scheduled(), a.describe());
        assertEquals(20, a.expected(), "50/s for 400 ms");
        assertEquals(a.scheduled(), a.answered(), a.describe());
        assertEquals(d.balancerRequests.get(), a.scheduled());
        assertEquals(List.of(), FailoverProbe.accountingProblems(r, 50));
    }

    @Test
    void requestsStillQueuedOrInFlightWhenTheLoadEndsAreCountedAsLost() throws Exception {
        var d = new FakeDeployment(3);
        d.answerDelayMs = 400;
        var ctx = d.context(FakeDeployment.fastOptions());
        var load = new LoadRun(ctx, System.nanoTime(), 50, 300, 5000, s -> false);
        load.start();
        Thread.sleep(350);
        var r = load.result(); // ends it now, with answers outstanding
        var a = r.accounting();
        assertTrue(a.scheduled() >= 14, a.describe());
        assertEquals(a.scheduled(), a.answered() + a.failed() + a.unfinished(), a.describe());
        assertTrue(a.unfinished() > 0, a.describe());
        var problems = FailoverProbe.accountingProblems(r, 50);
        assertEquals(a.unfinished() + " of " + a.scheduled() + " requests unfinished when the load ended (queued or in "
                + "flight): counted as lost", problems.get(0));
        Thread.sleep(500);
        assertEquals(a, load.result().accounting(), "answers arriving after the end change nothing");
    }

    @Test
    void fewerRequestsThanRateTimesDurationFail() {
        var r = new LoadRun.Result(new Timeline.Accounting(100, 400, 100, 0, 0), 0, 20_000);
        assertEquals(List.of("only 100 of the 400 requests of 20/s for 20.00 s were scheduled: the load ended early"),
                FailoverProbe.accountingProblems(r, 20));
    }

    @Test
    void requestsSentLateFail() {
        var r = new LoadRun.Result(new Timeline.Accounting(400, 400, 400, 0, 0), 41, 20_000);
        assertEquals(List.of("41 of 400 requests were sent over 1.00 s after their due time: the load did not run at 20/s"),
                FailoverProbe.accountingProblems(r, 20));
    }

    @Test
    void anAccountingThatDoesNotAddUpFails() {
        var r = new LoadRun.Result(new Timeline.Accounting(400, 400, 398, 0, 0), 0, 20_000);
        assertEquals(List.of("requests unaccounted for: 400 scheduled (rate x duration = 400): 398 answered, 0 failed, "
                + "0 unfinished"), FailoverProbe.accountingProblems(r, 20));
    }

}
