-- One database per service (docs/deploy.md). The postgres image runs this once, when its
-- data volume is empty: after adding a line here, `docker compose down -v` (or create the
-- database by hand) for it to take effect. All five services are listed so that adding
-- dhr-tracker and svd-fund needs no change here.
CREATE DATABASE referral_hub;
CREATE DATABASE marac;
CREATE DATABASE dhr_tracker;
CREATE DATABASE svd_fund;
CREATE DATABASE reporting;
