"""The liaison link with court and police systems: referrals, results and webhooks."""
