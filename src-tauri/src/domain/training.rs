//! 培训 Training: product, sales-skill and ethics sessions for the sales force.
//! Rules arrive with the training issue.
