//! `ownership/no-first-person`: a story that never says "I" cannot show the candidate's part, so
//! however complete it is, its score stays under "good".

mod common;

use common::*;

const STORY_IN_WE: &str = "Last year our checkout kept timing out during sales. We were asked to fix it \
     before Black Friday. We profiled the endpoint and found an N+1 query. We replaced it with a join \
     and added an index on orders. We load-tested it with k6 at twice the peak. As a result, p95 \
     latency fell from 2 s to 200 ms and we had no timeouts on Black Friday.";

#[test]
fn a_story_told_all_in_we_is_capped_below_good() {
    let answer = behavioral_answer(STORY_IN_WE);
    assert!(rule_ids(&answer).contains(&"ownership/no-first-person".to_string()));
    assert_eq!(answer["score"], 64, "{answer:#}");
    assert_eq!(answer["grade"], "needs-work");
    // The same story in the first person is not capped.
    let answer = behavioral_answer(&STORY_IN_WE.replace("We ", "I "));
    assert!(!rule_ids(&answer).contains(&"ownership/no-first-person".to_string()));
    assert!(answer["score"].as_u64().unwrap() > 64, "{answer:#}");
}
