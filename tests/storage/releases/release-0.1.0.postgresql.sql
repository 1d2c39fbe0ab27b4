--
-- PostgreSQL database dump
--


-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: access_codes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.access_codes (
    tenant_id integer NOT NULL,
    id integer NOT NULL,
    reseller_id integer NOT NULL,
    client_id integer NOT NULL,
    provider_id integer NOT NULL,
    code character varying(6) NOT NULL,
    expires_at timestamp without time zone NOT NULL,
    used_at timestamp without time zone,
    created_at timestamp without time zone NOT NULL
);


--
-- Name: add_ons; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.add_ons (
    tenant_id integer NOT NULL,
    id integer NOT NULL,
    uuid character varying(36) NOT NULL,
    service_id integer NOT NULL,
    name character varying NOT NULL,
    price_minor integer NOT NULL,
    max_quantity integer NOT NULL
);


--
-- Name: blocked_times; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.blocked_times (
    tenant_id integer NOT NULL,
    id integer NOT NULL,
    provider_id integer NOT NULL,
    staff_id integer NOT NULL,
    name character varying NOT NULL,
    starts_at timestamp without time zone NOT NULL,
    ends_at timestamp without time zone NOT NULL,
    all_day boolean NOT NULL,
    icon character varying,
    blocked_type_id integer
);


--
-- Name: bookings; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.bookings (
    tenant_id integer NOT NULL,
    id integer NOT NULL,
    service_id integer NOT NULL,
    time_slot_id integer NOT NULL,
    customer_id integer NOT NULL,
    date date NOT NULL,
    starts_at timestamp without time zone NOT NULL,
    ends_at timestamp without time zone NOT NULL,
    status character varying(20) NOT NULL,
    cancel_reason character varying,
    message character varying,
    created_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL
);


--
-- Name: customers; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.customers (
    tenant_id integer NOT NULL,
    id integer NOT NULL,
    uuid character varying(36) NOT NULL,
    name character varying,
    email character varying,
    email_key character varying,
    phone character varying,
    created_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL
);


--
-- Name: deliveries; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.deliveries (
    id integer NOT NULL,
    sandbox_hash character varying(64) NOT NULL,
    webhook_id integer NOT NULL,
    event character varying(40) NOT NULL,
    event_id character varying(40) NOT NULL,
    payload text NOT NULL,
    attempts integer NOT NULL,
    state character varying(10) NOT NULL,
    next_attempt_at timestamp without time zone,
    last_status integer,
    last_error character varying,
    claimed_until double precision
);


--
-- Name: deliveries_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.deliveries_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: deliveries_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.deliveries_id_seq OWNED BY public.deliveries.id;


--
-- Name: fault_rules; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.fault_rules (
    id integer NOT NULL,
    sandbox_hash character varying(64) NOT NULL,
    api character varying(40),
    method character varying(10),
    path character varying(300) NOT NULL,
    kind character varying(20) NOT NULL,
    probability double precision NOT NULL,
    count integer,
    fired integer NOT NULL,
    params json NOT NULL,
    created_at timestamp without time zone NOT NULL,
    window_started double precision,
    window_count integer NOT NULL
);


--
-- Name: fault_rules_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.fault_rules_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: fault_rules_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.fault_rules_id_seq OWNED BY public.fault_rules.id;


--
-- Name: folios; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.folios (
    tenant_id integer NOT NULL,
    id integer NOT NULL,
    uuid character varying(36) NOT NULL,
    number character varying(20) NOT NULL,
    kiosk_hash character varying(64) NOT NULL,
    owner_id integer NOT NULL,
    add_ons json NOT NULL,
    pending_edit json
);


--
-- Name: form_fields; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.form_fields (
    tenant_id integer NOT NULL,
    id integer NOT NULL,
    uuid character varying(36) NOT NULL,
    service_id integer NOT NULL,
    label character varying NOT NULL,
    kind character varying(20) NOT NULL,
    required boolean NOT NULL,
    options json NOT NULL,
    "position" integer NOT NULL
);


--
-- Name: id_counters; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.id_counters (
    tenant_id integer NOT NULL,
    entity character varying(40) NOT NULL,
    next_id integer NOT NULL
);


--
-- Name: issued_passes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.issued_passes (
    tenant_id integer NOT NULL,
    id integer NOT NULL,
    reseller_id integer NOT NULL,
    client_id integer NOT NULL,
    user_id character varying NOT NULL,
    pass_id integer NOT NULL,
    status character varying(20) NOT NULL,
    starts_at timestamp without time zone NOT NULL,
    expires_at timestamp without time zone NOT NULL,
    created_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL
);


--
-- Name: journal; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.journal (
    id bigint NOT NULL,
    sandbox_hash character varying(64) NOT NULL,
    at timestamp without time zone NOT NULL,
    kind character varying(10) NOT NULL,
    api character varying(40),
    method character varying(10) NOT NULL,
    path character varying NOT NULL,
    query character varying NOT NULL,
    url character varying,
    status integer NOT NULL,
    duration_ms double precision NOT NULL,
    fault_id integer,
    fault_kind character varying(20),
    rule character varying(60),
    error character varying,
    request json NOT NULL,
    response json NOT NULL
);


--
-- Name: locations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.locations (
    tenant_id integer NOT NULL,
    id integer NOT NULL,
    provider_id integer NOT NULL,
    name character varying NOT NULL,
    street character varying NOT NULL,
    city character varying NOT NULL,
    postal_code character varying NOT NULL,
    country character varying(2) NOT NULL,
    timezone character varying NOT NULL
);


--
-- Name: lookups; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.lookups (
    tenant_id integer NOT NULL,
    id integer NOT NULL,
    public_id character varying(40) NOT NULL,
    reseller_id integer NOT NULL,
    issuer_id integer NOT NULL,
    client_id integer NOT NULL,
    status character varying(20) NOT NULL,
    attempts integer NOT NULL,
    expires_at timestamp without time zone NOT NULL,
    client_token character varying(60),
    token_expires_at timestamp without time zone,
    created_at timestamp without time zone NOT NULL
);


--
-- Name: opening_hours; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.opening_hours (
    tenant_id integer NOT NULL,
    id integer NOT NULL,
    location_id integer NOT NULL,
    weekday smallint NOT NULL,
    opens time without time zone NOT NULL,
    closes time without time zone NOT NULL
);


--
-- Name: order_entries; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.order_entries (
    tenant_id integer NOT NULL,
    id integer NOT NULL,
    order_id integer NOT NULL,
    kind character varying(20) NOT NULL,
    description character varying NOT NULL,
    amount_minor integer NOT NULL,
    created_at timestamp without time zone NOT NULL
);


--
-- Name: orders; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.orders (
    tenant_id integer NOT NULL,
    id integer NOT NULL,
    currency character varying(3) NOT NULL,
    invoice_number character varying(20) NOT NULL,
    total_minor integer NOT NULL,
    paid_minor integer NOT NULL,
    refunded_minor integer NOT NULL,
    created_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL
);


--
-- Name: participants; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.participants (
    tenant_id integer NOT NULL,
    id integer NOT NULL,
    reservation_id integer NOT NULL,
    customer_id integer NOT NULL,
    status character varying(20) NOT NULL,
    joined_at timestamp without time zone NOT NULL,
    cancelled_at timestamp without time zone,
    can_edit boolean NOT NULL,
    attending_virtually boolean NOT NULL,
    display_name character varying,
    answers json
);


--
-- Name: providers; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.providers (
    tenant_id integer NOT NULL,
    id integer NOT NULL,
    name character varying NOT NULL,
    slug character varying NOT NULL,
    email character varying NOT NULL,
    phone character varying NOT NULL
);


--
-- Name: purchases; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.purchases (
    tenant_id integer NOT NULL,
    id integer NOT NULL,
    public_id character varying(40) NOT NULL,
    reseller_id integer NOT NULL,
    client_id integer NOT NULL,
    kind character varying(20) NOT NULL,
    status character varying(20) NOT NULL,
    amount_minor integer NOT NULL,
    currency character varying(3) NOT NULL,
    credits integer NOT NULL,
    visits integer NOT NULL,
    visit_id integer,
    package_id integer,
    expires_at timestamp without time zone,
    created_at timestamp without time zone
);


--
-- Name: reseller_clients; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.reseller_clients (
    tenant_id integer NOT NULL,
    id integer NOT NULL,
    reseller_id integer NOT NULL,
    user_id character varying,
    issuer_id integer,
    member_number character varying,
    credits integer NOT NULL,
    copay_visits integer NOT NULL,
    lookup_enabled boolean NOT NULL,
    created_at timestamp without time zone NOT NULL
);


--
-- Name: reservations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.reservations (
    tenant_id integer NOT NULL,
    id integer NOT NULL,
    provider_id integer NOT NULL,
    service_id integer NOT NULL,
    location_id integer NOT NULL,
    staff_id integer NOT NULL,
    starts_at timestamp without time zone NOT NULL,
    ends_at timestamp without time zone NOT NULL,
    status character varying(20) NOT NULL,
    customer_note character varying,
    merchant_note character varying,
    series_id integer,
    cancelled_by_merchant_on timestamp without time zone,
    cancellation_reason character varying,
    created_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL
);


--
-- Name: sandbox_use; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sandbox_use (
    key_hash character varying(64) NOT NULL,
    last_used double precision NOT NULL
);


--
-- Name: sandboxes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sandboxes (
    key_hash character varying(64) NOT NULL,
    seed integer NOT NULL,
    scenario character varying(80),
    created_at timestamp without time zone NOT NULL,
    clock_offset_us bigint NOT NULL,
    clock_frozen_at timestamp without time zone
);


--
-- Name: service_terms; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.service_terms (
    tenant_id integer NOT NULL,
    id integer NOT NULL,
    can_instant_book boolean NOT NULL,
    can_edit_service_options boolean NOT NULL,
    check_in_minutes integer NOT NULL,
    fee_tiers json NOT NULL
);


--
-- Name: services; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.services (
    tenant_id integer NOT NULL,
    id integer NOT NULL,
    provider_id integer NOT NULL,
    location_id integer NOT NULL,
    name character varying NOT NULL,
    description character varying NOT NULL,
    kind character varying(20) NOT NULL,
    duration_minutes integer NOT NULL,
    price_minor integer NOT NULL,
    currency character varying(3) NOT NULL,
    price_type character varying(20) NOT NULL,
    color character varying(7) NOT NULL,
    cancellation_deadline_hours integer NOT NULL,
    booking_window_days integer NOT NULL,
    cost_minor integer NOT NULL,
    min_participants integer NOT NULL,
    max_participants integer NOT NULL,
    uuid character varying(36) NOT NULL
);


--
-- Name: staff; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.staff (
    tenant_id integer NOT NULL,
    id integer NOT NULL,
    provider_id integer NOT NULL,
    location_id integer NOT NULL,
    name character varying NOT NULL,
    email character varying NOT NULL,
    role character varying NOT NULL,
    uuid character varying(36) NOT NULL
);


--
-- Name: staff_shifts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.staff_shifts (
    tenant_id integer NOT NULL,
    id integer NOT NULL,
    staff_id integer NOT NULL,
    weekday smallint NOT NULL,
    starts time without time zone NOT NULL,
    ends time without time zone NOT NULL
);


--
-- Name: stored_answers; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.stored_answers (
    tenant_id integer NOT NULL,
    key character varying(255) NOT NULL,
    fingerprint character varying(64) NOT NULL,
    status integer NOT NULL,
    body text NOT NULL,
    created_at timestamp without time zone NOT NULL
);


--
-- Name: tenants; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.tenants (
    id integer NOT NULL,
    key_hash character varying(64) NOT NULL,
    sandbox_hash character varying(64) NOT NULL,
    api character varying(40) NOT NULL,
    created_at timestamp without time zone NOT NULL
);


--
-- Name: tenants_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.tenants_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: tenants_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.tenants_id_seq OWNED BY public.tenants.id;


--
-- Name: time_slots; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.time_slots (
    tenant_id integer NOT NULL,
    id integer NOT NULL,
    service_id integer NOT NULL,
    staff_id integer,
    weekday smallint NOT NULL,
    start_time time without time zone NOT NULL,
    end_time time without time zone NOT NULL,
    max_bookings integer NOT NULL
);


--
-- Name: visits; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.visits (
    tenant_id integer NOT NULL,
    id integer NOT NULL,
    public_id character varying(40) NOT NULL,
    booking_id integer NOT NULL,
    reseller_id integer NOT NULL,
    client_id integer NOT NULL,
    flow character varying(10) NOT NULL,
    status character varying(20) NOT NULL,
    payment_method character varying(20),
    credits_charged integer NOT NULL,
    copay_purchase_id integer,
    hold_expires_at timestamp without time zone,
    rescheduled_from character varying(40),
    rescheduled_to character varying(40),
    created_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL
);


--
-- Name: webhooks; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.webhooks (
    id integer NOT NULL,
    sandbox_hash character varying(64) NOT NULL,
    url character varying NOT NULL,
    events json NOT NULL,
    description character varying,
    secret character varying(80) NOT NULL,
    created_at timestamp without time zone NOT NULL
);


--
-- Name: webhooks_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.webhooks_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: webhooks_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.webhooks_id_seq OWNED BY public.webhooks.id;


--
-- Name: deliveries id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.deliveries ALTER COLUMN id SET DEFAULT nextval('public.deliveries_id_seq'::regclass);


--
-- Name: fault_rules id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.fault_rules ALTER COLUMN id SET DEFAULT nextval('public.fault_rules_id_seq'::regclass);


--
-- Name: tenants id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tenants ALTER COLUMN id SET DEFAULT nextval('public.tenants_id_seq'::regclass);


--
-- Name: webhooks id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.webhooks ALTER COLUMN id SET DEFAULT nextval('public.webhooks_id_seq'::regclass);


--
-- Data for Name: access_codes; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: add_ons; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.add_ons VALUES
	(1, 1, 'a446be72-364c-411a-a9ab-364a1777e8cb', 1, 'Hot Stones', 1500, 1),
	(1, 2, '0577aea9-f899-4246-98de-8ebba3b5cece', 1, 'Aromatherapy Oil', 800, 3),
	(1, 3, 'c3e15a85-d46e-4104-9190-6f5034885a46', 2, 'Scalp Massage', 1200, 1),
	(1, 4, '541c7a86-3ba5-4d2f-9ea4-5c19d0243d72', 3, 'Mat Rental', 300, 1),
	(1, 5, 'e68933a9-c9e4-4e8c-a5c6-1c45c63d04ee', 3, 'Towel', 200, 2),
	(1, 6, 'ca3c6f5f-5bb5-440c-83cd-e2e321bddb41', 5, 'Hot Stones', 1500, 1),
	(1, 7, '52e2afd9-96bf-40ab-bce9-15e7c9d6a63b', 5, 'Aromatherapy Oil', 800, 3),
	(1, 8, '79eb4168-1045-46e5-bee3-eb791d181ee9', 6, 'Scalp Massage', 1200, 1),
	(1, 9, '80fb9296-73b6-409b-9bea-f6ac97fa7f04', 7, 'Mat Rental', 300, 1),
	(1, 10, '0b19f88e-9d77-445e-b206-c26938b77c07', 7, 'Towel', 200, 2);


--
-- Data for Name: blocked_times; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.blocked_times VALUES
	(1, 1, 1, 1, 'Lunch Break', '2027-01-18 17:00:00', '2027-01-18 18:00:00', false, 'utensils', 1),
	(1, 2, 1, 1, 'Lunch Break', '2027-01-25 17:00:00', '2027-01-25 18:00:00', false, 'utensils', 1),
	(1, 3, 1, 1, 'Lunch Break', '2027-01-09 17:00:00', '2027-01-09 18:00:00', false, 'utensils', 1),
	(1, 4, 1, 1, 'Lunch Break', '2027-02-03 17:00:00', '2027-02-03 18:00:00', false, 'utensils', 1),
	(1, 5, 1, 1, 'Training Day', '2027-01-13 05:00:00', '2027-01-14 05:00:00', true, 'graduation-cap', 2),
	(1, 6, 1, 1, 'Doctor Appointment', '2027-01-23 20:00:00', '2027-01-23 21:30:00', false, 'stethoscope', 3),
	(1, 7, 1, 2, 'Lunch Break', '2027-02-01 17:00:00', '2027-02-01 18:00:00', false, 'utensils', 1),
	(1, 8, 1, 2, 'Lunch Break', '2027-01-07 17:00:00', '2027-01-07 18:00:00', false, 'utensils', 1),
	(1, 9, 1, 2, 'Lunch Break', '2027-01-21 17:00:00', '2027-01-21 18:00:00', false, 'utensils', 1),
	(1, 10, 1, 2, 'Lunch Break', '2027-01-14 17:00:00', '2027-01-14 18:00:00', false, 'utensils', 1),
	(1, 11, 1, 2, 'Training Day', '2027-01-22 05:00:00', '2027-01-23 05:00:00', true, 'graduation-cap', 2),
	(1, 12, 1, 2, 'Doctor Appointment', '2027-01-29 20:00:00', '2027-01-29 21:30:00', false, 'stethoscope', 3),
	(1, 13, 1, 3, 'Lunch Break', '2027-01-29 17:00:00', '2027-01-29 18:00:00', false, 'utensils', 1),
	(1, 14, 1, 3, 'Lunch Break', '2027-01-23 17:00:00', '2027-01-23 18:00:00', false, 'utensils', 1),
	(1, 15, 1, 3, 'Lunch Break', '2027-01-14 17:00:00', '2027-01-14 18:00:00', false, 'utensils', 1),
	(1, 16, 1, 3, 'Lunch Break', '2027-01-25 17:00:00', '2027-01-25 18:00:00', false, 'utensils', 1),
	(1, 17, 1, 3, 'Training Day', '2027-01-15 05:00:00', '2027-01-16 05:00:00', true, 'graduation-cap', 2),
	(1, 18, 1, 3, 'Doctor Appointment', '2027-01-29 20:00:00', '2027-01-29 21:30:00', false, 'stethoscope', 3),
	(1, 19, 2, 4, 'Lunch Break', '2027-02-03 20:00:00', '2027-02-03 21:00:00', false, 'utensils', 1),
	(1, 20, 2, 4, 'Lunch Break', '2027-01-21 20:00:00', '2027-01-21 21:00:00', false, 'utensils', 1),
	(1, 21, 2, 4, 'Lunch Break', '2027-01-29 20:00:00', '2027-01-29 21:00:00', false, 'utensils', 1),
	(1, 22, 2, 4, 'Lunch Break', '2027-01-15 20:00:00', '2027-01-15 21:00:00', false, 'utensils', 1),
	(1, 23, 2, 4, 'Training Day', '2027-01-16 08:00:00', '2027-01-17 08:00:00', true, 'graduation-cap', 2),
	(1, 24, 2, 4, 'Doctor Appointment', '2027-01-26 23:00:00', '2027-01-27 00:30:00', false, 'stethoscope', 3),
	(1, 25, 2, 5, 'Lunch Break', '2027-01-22 20:00:00', '2027-01-22 21:00:00', false, 'utensils', 1),
	(1, 26, 2, 5, 'Lunch Break', '2027-01-23 20:00:00', '2027-01-23 21:00:00', false, 'utensils', 1),
	(1, 27, 2, 5, 'Lunch Break', '2027-01-25 20:00:00', '2027-01-25 21:00:00', false, 'utensils', 1),
	(1, 28, 2, 5, 'Lunch Break', '2027-02-03 20:00:00', '2027-02-03 21:00:00', false, 'utensils', 1),
	(1, 29, 2, 5, 'Training Day', '2027-02-02 08:00:00', '2027-02-03 08:00:00', true, 'graduation-cap', 2),
	(1, 30, 2, 5, 'Doctor Appointment', '2027-01-30 23:00:00', '2027-01-31 00:30:00', false, 'stethoscope', 3),
	(1, 31, 2, 6, 'Lunch Break', '2027-01-21 20:00:00', '2027-01-21 21:00:00', false, 'utensils', 1),
	(1, 32, 2, 6, 'Lunch Break', '2027-01-30 20:00:00', '2027-01-30 21:00:00', false, 'utensils', 1),
	(1, 33, 2, 6, 'Lunch Break', '2027-01-22 20:00:00', '2027-01-22 21:00:00', false, 'utensils', 1),
	(1, 34, 2, 6, 'Lunch Break', '2027-01-20 20:00:00', '2027-01-20 21:00:00', false, 'utensils', 1),
	(1, 35, 2, 6, 'Training Day', '2027-02-03 08:00:00', '2027-02-04 08:00:00', true, 'graduation-cap', 2),
	(1, 36, 2, 6, 'Doctor Appointment', '2027-01-26 23:00:00', '2027-01-27 00:30:00', false, 'stethoscope', 3);


--
-- Data for Name: bookings; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.bookings VALUES
	(1, 1, 1, 27, 3, '2027-01-13', '2027-01-13 22:00:00', '2027-01-13 23:00:00', 'pending', NULL, 'Site in prove same easy city.', '2027-01-02 15:00:00', '2027-01-02 15:00:00'),
	(1, 2, 1, 25, 8, '2027-01-13', '2027-01-13 20:00:00', '2027-01-13 21:00:00', 'confirmed', NULL, 'Current truth glass star the.', '2026-12-29 15:00:00', '2026-12-29 15:00:00'),
	(1, 3, 1, 2, 7, '2027-01-18', '2027-01-18 15:00:00', '2027-01-18 16:00:00', 'confirmed', NULL, 'Everything attorney significant go meeting quickly.', '2026-12-19 15:00:00', '2026-12-19 15:00:00'),
	(1, 4, 2, 71, 2, '2027-01-13', '2027-01-13 17:00:00', '2027-01-13 17:45:00', 'pending', NULL, 'Condition while enter board its.', '2026-12-26 15:00:00', '2026-12-26 15:00:00'),
	(1, 5, 2, 77, 7, '2027-01-07', '2027-01-07 14:00:00', '2027-01-07 14:45:00', 'confirmed', NULL, 'Couple and job mind southern rather vote.', '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 6, 2, 73, 2, '2027-02-03', '2027-02-03 19:00:00', '2027-02-03 19:45:00', 'confirmed', NULL, 'Perhaps professional by tonight medical project.', '2026-12-26 15:00:00', '2026-12-26 15:00:00'),
	(1, 7, 3, 111, 9, '2027-01-22', '2027-01-22 14:00:00', '2027-01-22 15:00:00', 'pending', NULL, 'Court professor here security.', '2026-12-31 15:00:00', '2026-12-31 15:00:00'),
	(1, 8, 3, 108, 9, '2027-01-28', '2027-01-28 14:00:00', '2027-01-28 15:00:00', 'confirmed', NULL, 'Fight decision size.', '2026-12-17 15:00:00', '2026-12-17 15:00:00'),
	(1, 9, 3, 109, 8, '2027-01-28', '2027-01-28 17:00:00', '2027-01-28 18:00:00', 'confirmed', NULL, 'Put memory soldier where save probably.', '2026-12-27 15:00:00', '2026-12-27 15:00:00'),
	(1, 10, 4, 124, 2, '2027-01-22', '2027-01-22 14:00:00', '2027-01-22 15:30:00', 'pending', NULL, 'Pull different current agency each.', '2026-12-21 15:00:00', '2026-12-21 15:00:00'),
	(1, 11, 4, 125, 8, '2027-01-08', '2027-01-08 18:00:00', '2027-01-08 19:30:00', 'confirmed', NULL, 'Though offer responsibility himself hundred challenge.', '2027-01-05 15:00:00', '2027-01-05 15:00:00'),
	(1, 12, 4, 117, 4, '2027-02-01', '2027-02-01 18:00:00', '2027-02-01 19:30:00', 'confirmed', NULL, 'Sound receive let newspaper.', '2027-01-02 15:00:00', '2027-01-02 15:00:00'),
	(1, 13, 5, 156, 8, '2027-01-14', '2027-01-14 19:00:00', '2027-01-14 20:00:00', 'pending', NULL, 'Write other wear through partner rest measure.', '2026-12-19 15:00:00', '2026-12-19 15:00:00'),
	(1, 14, 5, 155, 12, '2027-01-14', '2027-01-14 18:00:00', '2027-01-14 19:00:00', 'confirmed', NULL, 'Late seem style everyone sing machine dream.', '2026-12-22 15:00:00', '2026-12-22 15:00:00'),
	(1, 15, 5, 131, 4, '2027-01-25', '2027-01-25 21:00:00', '2027-01-25 22:00:00', 'confirmed', NULL, 'From throw ball character him.', '2027-01-01 15:00:00', '2027-01-01 15:00:00'),
	(1, 16, 6, 221, 2, '2027-01-16', '2027-01-16 18:00:00', '2027-01-16 18:45:00', 'pending', NULL, 'Imagine my indeed deal information toward.', '2026-12-18 15:00:00', '2026-12-18 15:00:00'),
	(1, 17, 6, 220, 10, '2027-01-08', '2027-01-09 01:00:00', '2027-01-09 01:45:00', 'confirmed', NULL, 'Local wall fear hope through structure.', '2026-12-19 15:00:00', '2026-12-19 15:00:00'),
	(1, 18, 6, 223, 8, '2027-01-16', '2027-01-16 20:00:00', '2027-01-16 20:45:00', 'confirmed', NULL, 'Event magazine home protect something.', '2026-12-31 15:00:00', '2026-12-31 15:00:00'),
	(1, 19, 7, 239, 10, '2027-01-15', '2027-01-15 23:00:00', '2027-01-16 00:00:00', 'pending', NULL, 'Agree hour north agree poor career left.', '2027-01-04 15:00:00', '2027-01-04 15:00:00'),
	(1, 20, 7, 233, 6, '2027-02-03', '2027-02-03 23:00:00', '2027-02-04 00:00:00', 'confirmed', NULL, 'Lawyer front they everything week.', '2026-12-23 15:00:00', '2026-12-23 15:00:00'),
	(1, 21, 7, 233, 8, '2027-01-13', '2027-01-13 23:00:00', '2027-01-14 00:00:00', 'confirmed', NULL, 'See appear weight.', '2026-12-29 15:00:00', '2026-12-29 15:00:00'),
	(1, 22, 8, 252, 11, '2027-01-09', '2027-01-09 18:00:00', '2027-01-09 19:30:00', 'pending', NULL, 'Senior wear current.', '2027-01-05 15:00:00', '2027-01-05 15:00:00'),
	(1, 23, 8, 251, 4, '2027-01-15', '2027-01-15 21:00:00', '2027-01-15 22:30:00', 'confirmed', NULL, 'List boy way let.', '2026-12-28 15:00:00', '2026-12-28 15:00:00'),
	(1, 24, 8, 247, 10, '2027-01-20', '2027-01-20 21:00:00', '2027-01-20 22:30:00', 'confirmed', NULL, 'White responsibility sing clearly find official up office.', '2026-12-24 15:00:00', '2026-12-24 15:00:00'),
	(1, 25, 1, 1, 13, '2027-02-01', '2027-02-01 14:00:00', '2027-02-01 15:00:00', 'pending', NULL, NULL, '2027-01-06 15:00:00', '2027-01-06 15:00:00');


--
-- Data for Name: customers; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.customers VALUES
	(1, 1, '93829b43-922f-415a-a1e3-db63ef7ddc76', 'Thomas Mueller', 'glee@example.net', 'glee@example.net', '+17655550167', '2026-11-10 15:00:00', '2026-11-10 15:00:00'),
	(1, 2, 'a56c0941-fbf2-4050-a748-dbcfac619e63', 'Corey Powell', 'lauren13@example.org', 'lauren13@example.org', '+18385550126', '2026-09-05 15:00:00', '2026-09-05 15:00:00'),
	(1, 3, 'dfde4fbf-3ff3-40bf-b66e-cb15474ebc19', 'Sandra Ramos', 'williamsyvette@example.org', 'williamsyvette@example.org', '+13135550167', '2026-04-05 15:00:00', '2026-04-05 15:00:00'),
	(1, 4, 'e7067ef4-66aa-4385-9d59-ba7136b82481', 'Brian Gray', 'ybaker@example.com', 'ybaker@example.com', '+19465550172', '2026-09-01 15:00:00', '2026-09-01 15:00:00'),
	(1, 5, '0ef8c2d6-f7fd-4646-b7bb-3eec4bf50b52', 'Beth Daniels', 'brian97@example.net', 'brian97@example.net', '+11825550181', '2026-09-03 15:00:00', '2026-09-03 15:00:00'),
	(1, 6, 'acdabacc-1165-4210-9854-3881118a9d29', 'Michelle Powell', 'bethwilliams@example.org', 'bethwilliams@example.org', '+19695550154', '2026-08-25 15:00:00', '2026-08-25 15:00:00'),
	(1, 7, '3d1a85dd-506e-4a9a-b758-588dab73295b', 'Joseph Anderson', 'stephen10@example.com', 'stephen10@example.com', '+12995550118', '2026-08-20 15:00:00', '2026-08-20 15:00:00'),
	(1, 8, 'eeea163e-21e8-4c68-83e4-2caf8181a8cc', 'Michael Jones', 'mikemoore@example.net', 'mikemoore@example.net', '+19495550108', '2026-07-07 15:00:00', '2026-07-07 15:00:00'),
	(1, 9, 'f05db76e-1a84-451a-a9d3-d7c7ee87905e', 'Natalie Baker', 'newtoneric@example.com', 'newtoneric@example.com', '+16935550134', '2026-03-24 15:00:00', '2026-03-24 15:00:00'),
	(1, 10, 'e87d1c78-e7c4-41c7-8049-7b717d106c60', 'Meghan Davis', 'ccalderon@example.org', 'ccalderon@example.org', '+15525550127', '2026-02-28 15:00:00', '2026-02-28 15:00:00'),
	(1, 11, '0279b6a6-8f97-47b0-ad7c-e3c9b4a69f3c', 'Daniel Landry', 'amydavenport@example.net', 'amydavenport@example.net', '+17825550120', '2026-07-03 15:00:00', '2026-07-03 15:00:00'),
	(1, 12, 'cbceabde-eede-4b07-a623-a6895d59cd2a', 'Teresa Williams', 'jason31@example.com', 'jason31@example.com', '+13865550132', '2026-09-08 15:00:00', '2026-09-08 15:00:00'),
	(1, 13, 'f2eeea0a-c1f4-4fd8-a3de-829b2dcc20c8', 'Ada', 'ada@example.com', 'ada@example.com', NULL, '2027-01-06 15:00:00', '2027-01-06 15:00:00');


--
-- Data for Name: deliveries; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: fault_rules; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.fault_rules VALUES
	(1, 'c424830fe2ce514c7a306f947f47218b79670af1fdc25c717f0c0d20d8d7f961', 'reservekit-v1', 'GET', '/v1/services', 'error', 1, 2, 0, '{"status": 503}', '2027-01-06 15:00:00', NULL, 0);


--
-- Data for Name: folios; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.folios VALUES
	(1, 25, 'dfa4bb9f-5a85-4750-a92a-c1391f4a8ca1', 'BK-000025', 'd199b364f73bb387', 3, '[]', 'null'),
	(1, 26, '177d6e7e-07d9-44ce-b8c8-8faea2178f84', 'BK-000026', '6cdea5b9a2145128', 11, '[[9, 1]]', 'null'),
	(1, 27, 'c47104c0-3613-4e15-b200-c2614d29d1ab', 'BK-000027', '489a30fd54c7b2c1', 7, '[]', 'null'),
	(1, 28, '6550f74a-1422-473f-8622-68d16683e107', 'BK-000028', '9a7a5236bb473486', 10, '[]', 'null'),
	(1, 29, '73b0a091-7634-4169-8f76-e38812fe28bf', 'BK-000029', '11b922ce1e6af41e', 11, '[]', 'null'),
	(1, 30, 'a8149562-da00-4f16-b946-9bcf4082cbb9', 'BK-000030', '4a24b9c429ca42db', 4, '[]', 'null'),
	(1, 31, '277d1be9-6070-46a1-98e5-2499218c6e1c', 'BK-000031', '555e1db7e9e779f6', 6, '[[4, 1]]', 'null'),
	(1, 32, '73069588-45d5-468d-a90a-3abbc35b9fea', 'BK-000032', '4d27eb0d1cb7c2b7', 9, '[[9, 1]]', 'null'),
	(1, 33, '49c10669-c6b3-4fe6-9c76-bdf66c5a6c93', 'BK-000033', '79317de23f0749d0', 3, '[[1, 1]]', 'null'),
	(1, 34, '5844f9fc-114b-4547-89dc-72b85b6a8102', 'BK-000034', '73a41ba5ef542e19', 11, '[[8, 1]]', 'null'),
	(1, 35, 'be4969ec-6667-43bb-a3b5-63606fdc0bad', 'BK-000035', 'eca5ffb82d2d59a3', 5, '[]', 'null'),
	(1, 36, 'cd14a03e-8359-4af6-9d01-f55f67fd64c4', 'BK-000036', '504e1427bbc14ebb', 10, '[[3, 1]]', 'null'),
	(1, 37, '4303cbc1-1e25-45b8-8fc9-c86be9ddebf5', 'BK-000037', '8e69f6342e5e2ab2', 10, '[[3, 1]]', 'null'),
	(1, 38, '9280c5aa-8dd4-495b-9c63-b6f306ba8cd3', 'BK-000038', 'be4229cfdd24a2ee', 10, '[[3, 1]]', 'null'),
	(1, 39, 'b596ca7c-ef4a-4a88-9299-e5052976aab2', 'BK-000039', '7b92868492545a10', 10, '[[3, 1]]', 'null');


--
-- Data for Name: form_fields; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.form_fields VALUES
	(1, 1, '3e5a87e3-5560-4b22-896b-5edb0cf2b69b', 1, 'Pressure preference', 'select', true, '["light", "medium", "firm"]', 0),
	(1, 2, '90882eaf-c977-4598-a03c-8c25fd235def', 1, 'Allergies or injuries', 'text', false, '[]', 1),
	(1, 3, '3748967f-961d-43ba-b508-43f08de08fc2', 2, 'Gift receipt email', 'email', false, '[]', 0),
	(1, 4, 'dbc080fd-46fb-4bf3-80b9-d4a3989240ac', 3, 'T-shirt size', 'select', true, '["XS", "S", "M", "L", "XL"]', 0),
	(1, 5, '21472a15-fcce-46f6-a50a-4578fbe94499', 3, 'First class with us', 'boolean', true, '[]', 1),
	(1, 6, '2cabd7e7-cc6b-46e5-802a-df9c8a4b8f7c', 3, 'Years of practice', 'number', false, '[]', 2),
	(1, 7, '06998731-ddcf-4766-a93b-12cd1c24220e', 4, 'Dietary preference', 'text', true, '[]', 0),
	(1, 8, '0d6a05b3-43ef-4016-ac9b-662e040a3aae', 5, 'Pressure preference', 'select', true, '["light", "medium", "firm"]', 0),
	(1, 9, '86ad8a8c-6bc4-423e-bde1-3c1b20733f6d', 5, 'Allergies or injuries', 'text', false, '[]', 1),
	(1, 10, '83639007-5cae-4610-872c-1fe372c22a16', 6, 'Gift receipt email', 'email', false, '[]', 0),
	(1, 11, 'ddf275eb-e8a3-4341-8881-9065ba2c98ce', 7, 'T-shirt size', 'select', true, '["XS", "S", "M", "L", "XL"]', 0),
	(1, 12, '75424646-4d37-4539-857d-d3b3a8addf36', 7, 'First class with us', 'boolean', true, '[]', 1),
	(1, 13, '0f9240e1-07f9-4d05-b6ca-6b8ba4b1f991', 7, 'Years of practice', 'number', false, '[]', 2),
	(1, 14, '66d06371-d8e8-4ebb-ba9e-8eefffa361be', 8, 'Dietary preference', 'text', true, '[]', 0);


--
-- Data for Name: id_counters; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.id_counters VALUES
	(1, 'issued_pass', 9),
	(1, 'order_entry', 43),
	(1, 'blocked_time', 37),
	(1, 'reservation', 40),
	(1, 'participant', 60),
	(1, 'series', 2),
	(1, 'customer', 14),
	(1, 'booking', 26);


--
-- Data for Name: issued_passes; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.issued_passes VALUES
	(1, 1, 1, 1, 'fitperks-user-001', 1, 'active', '2027-01-04 15:00:00', '2027-02-03 15:00:00', '2027-01-04 15:00:00', '2027-01-04 15:00:00'),
	(1, 2, 2, 2, 'wellbeing-works-user-001', 4, 'active', '2027-01-05 15:00:00', '2028-01-05 15:00:00', '2027-01-05 15:00:00', '2027-01-05 15:00:00'),
	(1, 3, 1, 3, 'fitperks-user-002', 2, 'active', '2027-01-01 15:00:00', '2027-01-31 15:00:00', '2027-01-01 15:00:00', '2027-01-01 15:00:00'),
	(1, 4, 2, 4, 'wellbeing-works-user-002', 5, 'active', '2026-12-29 15:00:00', '2027-01-28 15:00:00', '2026-12-29 15:00:00', '2026-12-29 15:00:00'),
	(1, 5, 1, 5, 'fitperks-user-003', 3, 'active', '2027-01-02 15:00:00', '2027-04-02 15:00:00', '2027-01-02 15:00:00', '2027-01-02 15:00:00'),
	(1, 6, 2, 6, 'wellbeing-works-user-003', 4, 'active', '2027-01-03 15:00:00', '2028-01-03 15:00:00', '2027-01-03 15:00:00', '2027-01-03 15:00:00'),
	(1, 7, 1, 7, 'fitperks-user-004', 1, 'active', '2026-12-06 15:00:00', '2027-01-05 15:00:00', '2026-12-06 15:00:00', '2026-12-06 15:00:00'),
	(1, 8, 2, 8, 'wellbeing-works-user-004', 5, 'active', '2026-12-06 15:00:00', '2027-01-05 15:00:00', '2026-12-06 15:00:00', '2026-12-06 15:00:00');


--
-- Data for Name: journal; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.journal VALUES
	(114906717910807899, 'c424830fe2ce514c7a306f947f47218b79670af1fdc25c717f0c0d20d8d7f961', '2027-01-06 15:00:00', 'request', 'reservekit-v1', 'GET', '/reservekit/v1/time-slots/1', '', NULL, 200, 78.66681900031836, NULL, NULL, NULL, NULL, '{"headers": {"host": "localhost:18772", "user-agent": "curl/7.88.1", "accept": "*/*", "authorization": "********"}, "body": "", "truncated": false}', '{"headers": {"content-type": "application/json", "content-length": "220"}, "body": "{\"data\":{\"id\":1,\"service_id\":1,\"day_of_week\":1,\"start_time\":\"2023-01-01 09:00:00\",\"end_time\":\"2023-01-01 10:00:00\",\"max_bookings\":1,\"created_at\":\"2025-12-01T15:00:00.000000Z\",\"updated_at\":\"2025-12-01T15:00:00.000000Z\"}}\n", "truncated": false}'),
	(114906717912622427, 'c424830fe2ce514c7a306f947f47218b79670af1fdc25c717f0c0d20d8d7f961', '2027-01-06 15:00:00', 'request', 'reservekit-v1', 'POST', '/reservekit/v1/bookings', '', NULL, 201, 16.199713999867527, NULL, NULL, NULL, NULL, '{"headers": {"host": "localhost:18772", "user-agent": "curl/7.88.1", "accept": "*/*", "authorization": "********", "content-type": "application/json", "content-length": "95"}, "body": "{\"date\":\"2027-02-01\",\"time_slot_id\":1,\"customer_name\":\"Ada\",\"customer_email\":\"ada@example.com\"}", "truncated": false}', '{"headers": {"content-type": "application/json", "content-length": "401"}, "body": "{\"data\":{\"id\":25,\"service_id\":1,\"date\":\"2027-02-01\",\"time_slot_id\":1,\"status\":\"pending\",\"customer_id\":13,\"user_id\":\"usr_c424830fe2ce514c7a30\",\"version\":1,\"created_at\":\"2027-01-06T15:00:00.000000Z\",\"updated_at\":\"2027-01-06T15:00:00.000000Z\",\"customer\":{\"id\":13,\"name\":\"Ada\",\"email\":\"ada@example.com\",\"phone\":null,\"created_at\":\"2027-01-06T15:00:00.000000Z\",\"updated_at\":\"2027-01-06T15:00:00.000000Z\"}}}\n", "truncated": false}');


--
-- Data for Name: locations; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.locations VALUES
	(1, 1, 1, 'Rodriguez, Figueroa and Sanchez chester', '13389 Anna Stravenue', 'Robinsonshire', '36964', 'US', 'America/New_York'),
	(1, 2, 2, 'Callahan and Sons mouth', '018 Mack Junctions Apt. 462', 'Smithview', '66113', 'US', 'America/Los_Angeles');


--
-- Data for Name: lookups; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: opening_hours; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.opening_hours VALUES
	(1, 1, 1, 0, '09:00:00', '18:00:00'),
	(1, 2, 1, 1, '09:00:00', '18:00:00'),
	(1, 3, 1, 2, '09:00:00', '18:00:00'),
	(1, 4, 1, 3, '09:00:00', '18:00:00'),
	(1, 5, 1, 4, '09:00:00', '18:00:00'),
	(1, 6, 1, 5, '10:00:00', '14:00:00'),
	(1, 7, 2, 0, '09:00:00', '18:00:00'),
	(1, 8, 2, 1, '09:00:00', '18:00:00'),
	(1, 9, 2, 2, '09:00:00', '18:00:00'),
	(1, 10, 2, 3, '09:00:00', '18:00:00'),
	(1, 11, 2, 4, '09:00:00', '18:00:00'),
	(1, 12, 2, 5, '10:00:00', '14:00:00');


--
-- Data for Name: order_entries; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.order_entries VALUES
	(1, 1, 25, 'charge', 'Swedish Massage, 45 min, 1 participant(s)', 6500, '2026-12-30 15:00:00'),
	(1, 2, 25, 'payment', 'paid in full at booking', 6500, '2026-12-30 15:00:00'),
	(1, 3, 26, 'charge', 'Vinyasa Yoga, 60 min, 1 participant(s)', 2000, '2026-12-30 15:00:00'),
	(1, 4, 26, 'add_on', 'Mat Rental x1', 300, '2026-12-30 15:00:00'),
	(1, 5, 26, 'payment', 'paid in full at booking', 2300, '2026-12-30 15:00:00'),
	(1, 6, 27, 'charge', 'Open Meditation Circle, 90 min, 1 participant(s)', 0, '2026-12-30 15:00:00'),
	(1, 7, 27, 'payment', 'paid in full at booking', 0, '2026-12-30 15:00:00'),
	(1, 8, 28, 'charge', 'Vinyasa Yoga, 60 min, 1 participant(s)', 2000, '2026-12-30 15:00:00'),
	(1, 9, 28, 'payment', 'paid in full at booking', 2000, '2026-12-30 15:00:00'),
	(1, 10, 29, 'charge', 'Vinyasa Yoga, 60 min, 1 participant(s)', 2000, '2026-12-30 15:00:00'),
	(1, 11, 29, 'payment', 'paid in full at booking', 2000, '2026-12-30 15:00:00'),
	(1, 12, 30, 'charge', 'Swedish Massage, 45 min, 1 participant(s)', 6500, '2026-12-30 15:00:00'),
	(1, 13, 31, 'charge', 'Vinyasa Yoga, 60 min, 2 participant(s)', 4000, '2026-12-30 15:00:00'),
	(1, 14, 31, 'add_on', 'Mat Rental x1', 300, '2026-12-30 15:00:00'),
	(1, 15, 31, 'payment', 'paid in full at booking', 4300, '2026-12-30 15:00:00'),
	(1, 16, 32, 'charge', 'Vinyasa Yoga, 60 min, 2 participant(s)', 4000, '2026-12-30 15:00:00'),
	(1, 17, 32, 'add_on', 'Mat Rental x1', 300, '2026-12-30 15:00:00'),
	(1, 18, 32, 'payment', 'paid in full at booking', 4300, '2026-12-30 15:00:00'),
	(1, 19, 33, 'charge', 'Deep Tissue Massage, 60 min, 1 participant(s)', 8500, '2026-12-30 15:00:00'),
	(1, 20, 33, 'add_on', 'Hot Stones x1', 1500, '2026-12-30 15:00:00'),
	(1, 21, 33, 'payment', 'paid in full at booking', 10000, '2026-12-30 15:00:00'),
	(1, 22, 33, 'adjustment', 'request rejected', -10000, '2026-12-31 15:00:00'),
	(1, 23, 33, 'refund', 'refund: request rejected', -10000, '2026-12-31 15:00:00'),
	(1, 24, 34, 'charge', 'Swedish Massage, 45 min, 1 participant(s)', 6500, '2026-12-30 15:00:00'),
	(1, 25, 34, 'add_on', 'Scalp Massage x1', 1200, '2026-12-30 15:00:00'),
	(1, 26, 34, 'payment', 'paid in full at booking', 7700, '2026-12-30 15:00:00'),
	(1, 27, 34, 'adjustment', 'cancellation', -7700, '2026-12-31 15:00:00'),
	(1, 28, 34, 'refund', 'refund: cancellation', -7700, '2026-12-31 15:00:00'),
	(1, 29, 35, 'charge', 'Open Meditation Circle, 90 min, 1 participant(s)', 0, '2026-12-30 15:00:00'),
	(1, 30, 35, 'payment', 'paid in full at booking', 0, '2026-12-30 15:00:00'),
	(1, 31, 36, 'charge', 'Swedish Massage, 45 min, 1 participant(s)', 6500, '2026-12-30 15:00:00'),
	(1, 32, 36, 'add_on', 'Scalp Massage x1', 1200, '2026-12-30 15:00:00'),
	(1, 33, 36, 'payment', 'paid in full at booking', 7700, '2026-12-30 15:00:00'),
	(1, 34, 37, 'charge', 'Swedish Massage, 45 min, 1 participant(s)', 6500, '2026-12-30 15:00:00'),
	(1, 35, 37, 'add_on', 'Scalp Massage x1', 1200, '2026-12-30 15:00:00'),
	(1, 36, 37, 'payment', 'paid in full at booking', 7700, '2026-12-30 15:00:00'),
	(1, 37, 38, 'charge', 'Swedish Massage, 45 min, 1 participant(s)', 6500, '2026-12-30 15:00:00'),
	(1, 38, 38, 'add_on', 'Scalp Massage x1', 1200, '2026-12-30 15:00:00'),
	(1, 39, 38, 'payment', 'paid in full at booking', 7700, '2026-12-30 15:00:00'),
	(1, 40, 39, 'charge', 'Swedish Massage, 45 min, 1 participant(s)', 6500, '2026-12-30 15:00:00'),
	(1, 41, 39, 'add_on', 'Scalp Massage x1', 1200, '2026-12-30 15:00:00'),
	(1, 42, 39, 'payment', 'paid in full at booking', 7700, '2026-12-30 15:00:00');


--
-- Data for Name: orders; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.orders VALUES
	(1, 25, 'USD', 'INV-000025', 6500, 6500, 0, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 26, 'USD', 'INV-000026', 2300, 2300, 0, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 27, 'USD', 'INV-000027', 0, 0, 0, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 28, 'USD', 'INV-000028', 2000, 2000, 0, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 29, 'USD', 'INV-000029', 2000, 2000, 0, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 30, 'USD', 'INV-000030', 6500, 0, 0, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 31, 'USD', 'INV-000031', 4300, 4300, 0, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 32, 'USD', 'INV-000032', 4300, 4300, 0, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 33, 'USD', 'INV-000033', 0, 10000, 10000, '2026-12-30 15:00:00', '2026-12-31 15:00:00'),
	(1, 34, 'USD', 'INV-000034', 0, 7700, 7700, '2026-12-30 15:00:00', '2026-12-31 15:00:00'),
	(1, 35, 'USD', 'INV-000035', 0, 0, 0, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 36, 'USD', 'INV-000036', 7700, 7700, 0, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 37, 'USD', 'INV-000037', 7700, 7700, 0, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 38, 'USD', 'INV-000038', 7700, 7700, 0, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 39, 'USD', 'INV-000039', 7700, 7700, 0, '2026-12-30 15:00:00', '2026-12-30 15:00:00');


--
-- Data for Name: participants; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.participants VALUES
	(1, 1, 1, 3, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 2, 2, 11, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 3, 3, 5, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 4, 4, 4, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 5, 5, 10, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 6, 6, 2, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 7, 7, 2, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 8, 7, 3, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 9, 7, 11, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 10, 8, 9, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 11, 9, 1, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 12, 9, 2, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 13, 9, 8, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 14, 9, 10, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 15, 10, 7, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 16, 10, 10, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 17, 11, 2, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 18, 11, 7, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 19, 11, 9, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 20, 12, 2, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 21, 12, 8, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 22, 12, 12, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 23, 13, 11, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 24, 14, 8, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 25, 15, 12, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 26, 16, 6, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 27, 17, 11, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 28, 18, 8, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 29, 19, 4, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 30, 19, 5, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 31, 19, 6, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 32, 19, 10, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 33, 20, 2, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 34, 20, 5, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 35, 21, 3, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 36, 22, 11, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 37, 23, 2, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 38, 23, 4, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 39, 23, 9, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 40, 23, 12, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 41, 24, 8, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 42, 24, 12, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 43, 25, 3, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 44, 26, 11, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 45, 27, 7, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 46, 28, 10, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 47, 29, 11, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 48, 30, 4, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 49, 31, 6, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 50, 31, 8, 'invited', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 51, 32, 9, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 52, 32, 7, 'invited', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 53, 33, 3, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 54, 34, 11, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 55, 35, 5, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 56, 36, 10, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 57, 37, 10, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 58, 38, 10, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null'),
	(1, 59, 39, 10, 'confirmed', '2026-12-30 15:00:00', NULL, false, false, NULL, 'null');


--
-- Data for Name: providers; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.providers VALUES
	(1, 1, 'Rodriguez, Figueroa and Sanchez', 'rodriguez-figueroa-and-sanchez', 'bookings@rodriguez-figueroa-and-sanchez.example.com', '+19215550119'),
	(1, 2, 'Callahan and Sons', 'callahan-and-sons', 'bookings@callahan-and-sons.example.com', '+12265550166');


--
-- Data for Name: purchases; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: reseller_clients; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.reseller_clients VALUES
	(1, 1, 1, 'fitperks-user-001', 1, NULL, 20, 0, true, '2026-12-07 15:00:00'),
	(1, 2, 2, 'wellbeing-works-user-001', 2, 'M0943969', 20, 0, true, '2026-12-07 15:00:00'),
	(1, 3, 1, 'fitperks-user-002', 3, 'M7844736', 0, 0, true, '2026-12-07 15:00:00'),
	(1, 4, 2, 'wellbeing-works-user-002', 1, NULL, 0, 0, true, '2026-12-07 15:00:00'),
	(1, 5, 1, 'fitperks-user-003', 2, 'M1027677', 5, 0, true, '2026-12-07 15:00:00'),
	(1, 6, 2, 'wellbeing-works-user-003', 3, 'M5925556', 5, 0, true, '2026-12-07 15:00:00'),
	(1, 7, 1, 'fitperks-user-004', 1, NULL, 40, 0, true, '2026-12-07 15:00:00'),
	(1, 8, 2, 'wellbeing-works-user-004', 2, 'M5881537', 40, 0, true, '2026-12-07 15:00:00'),
	(1, 9, 1, 'fitperks-user-005', 3, 'M1473210', 0, 0, true, '2026-12-07 15:00:00'),
	(1, 10, 2, 'wellbeing-works-user-005', 1, NULL, 0, 0, true, '2026-12-07 15:00:00'),
	(1, 11, 1, 'fitperks-user-006', 2, 'M4696325', 12, 0, false, '2026-12-07 15:00:00'),
	(1, 12, 2, 'wellbeing-works-user-006', 3, 'M9532787', 12, 0, false, '2026-12-07 15:00:00');


--
-- Data for Name: reservations; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.reservations VALUES
	(1, 1, 1, 1, 1, 2, '2027-02-01 19:00:00', '2027-02-01 20:00:00', 'confirmed', 'Deep something future they red everybody.', 'Might course drop.', NULL, NULL, NULL, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 2, 1, 1, 1, 2, '2027-01-14 21:30:00', '2027-01-14 22:30:00', 'confirmed', 'Large admit family identify during professional.', 'List most international second former.', NULL, NULL, NULL, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 3, 1, 1, 1, 3, '2027-01-22 18:30:00', '2027-01-22 19:30:00', 'confirmed', 'Building court build movie.', 'Course school everybody operation.', NULL, NULL, NULL, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 4, 1, 2, 1, 3, '2027-01-23 15:00:00', '2027-01-23 15:45:00', 'confirmed', 'Dinner conference add move.', 'Animal approach factor want.', NULL, NULL, NULL, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 5, 1, 2, 1, 3, '2027-01-08 14:00:00', '2027-01-08 14:45:00', 'confirmed', 'Light key continue anything.', 'Box assume man officer rather charge.', NULL, NULL, NULL, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 6, 1, 2, 1, 3, '2027-01-07 17:30:00', '2027-01-07 18:15:00', 'confirmed', 'Share paper so difficult mission late.', 'Father open investment notice art.', NULL, NULL, NULL, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 7, 1, 3, 1, 3, '2027-01-18 17:00:00', '2027-01-18 18:00:00', 'confirmed', 'Community avoid able late.', 'Like allow explain executive teacher author.', NULL, NULL, NULL, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 8, 1, 3, 1, 1, '2027-01-20 20:30:00', '2027-01-20 21:30:00', 'confirmed', 'Positive training step author.', 'Society organization station TV.', NULL, NULL, NULL, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 9, 1, 3, 1, 2, '2027-01-21 22:00:00', '2027-01-21 23:00:00', 'confirmed', 'Same page ago director purpose.', 'Onto again share start office several.', NULL, NULL, NULL, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 10, 1, 4, 1, 1, '2027-01-29 18:00:00', '2027-01-29 19:30:00', 'confirmed', 'Why like impact fly bit claim.', 'Really explain war spend nearly.', NULL, NULL, NULL, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 11, 1, 4, 1, 2, '2027-01-25 18:00:00', '2027-01-25 19:30:00', 'confirmed', 'Price my including.', 'Million performance material kind.', NULL, NULL, NULL, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 12, 1, 4, 1, 1, '2027-01-26 16:00:00', '2027-01-26 17:30:00', 'confirmed', 'Win participant dream.', 'Financial add impact different.', NULL, NULL, NULL, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 13, 2, 5, 2, 6, '2027-01-29 23:00:00', '2027-01-30 00:00:00', 'confirmed', 'Manager already maybe.', 'Forward beyond suddenly between treat address.', NULL, NULL, NULL, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 14, 2, 5, 2, 4, '2027-01-15 18:00:00', '2027-01-15 19:00:00', 'confirmed', 'Full realize power system.', 'Here first responsibility service their along.', NULL, NULL, NULL, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 15, 2, 5, 2, 4, '2027-01-27 20:30:00', '2027-01-27 21:30:00', 'confirmed', 'Its better plant.', 'Kitchen really tough.', NULL, NULL, NULL, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 16, 2, 6, 2, 4, '2027-01-07 21:30:00', '2027-01-07 22:15:00', 'confirmed', 'Issue each include radio conference.', 'Bad that people drive.', NULL, NULL, NULL, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 17, 2, 6, 2, 6, '2027-01-21 00:00:00', '2027-01-21 00:45:00', 'confirmed', 'Least project together let.', 'Quality citizen kid generation.', NULL, NULL, NULL, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 18, 2, 6, 2, 6, '2027-01-28 21:00:00', '2027-01-28 21:45:00', 'confirmed', 'Current his low down.', 'Grow fast recognize against stop how.', NULL, NULL, NULL, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 19, 2, 7, 2, 4, '2027-01-09 20:00:00', '2027-01-09 21:00:00', 'confirmed', 'Pm per question return.', 'Pick tough position.', NULL, NULL, NULL, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 20, 2, 7, 2, 5, '2027-01-08 22:30:00', '2027-01-08 23:30:00', 'confirmed', 'Section compare car much will.', 'Maybe evening clearly trial want whose.', NULL, NULL, NULL, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 21, 2, 7, 2, 5, '2027-01-14 00:00:00', '2027-01-14 01:00:00', 'confirmed', 'Team right woman whose.', 'Hand so add Mr lawyer pull.', NULL, NULL, NULL, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 22, 2, 8, 2, 6, '2027-01-28 22:30:00', '2027-01-29 00:00:00', 'confirmed', 'Likely people wall foreign.', 'Determine as statement travel few impact.', NULL, NULL, NULL, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 23, 2, 8, 2, 4, '2027-01-12 21:30:00', '2027-01-12 23:00:00', 'confirmed', 'Home he we.', 'Industry score choice increase between majority.', NULL, NULL, NULL, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 24, 2, 8, 2, 5, '2027-01-13 22:30:00', '2027-01-14 00:00:00', 'confirmed', 'Talk between rate name.', 'Art every why we station.', NULL, NULL, NULL, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 25, 2, 6, 2, 5, '2027-01-27 22:30:00', '2027-01-27 23:15:00', 'confirmed', 'Before be it.', 'Speech news only no form.', NULL, NULL, NULL, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 26, 2, 7, 2, 6, '2027-01-09 20:00:00', '2027-01-09 21:00:00', 'confirmed', 'Event several TV go.', 'Thank not husband center.', NULL, NULL, NULL, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 27, 2, 8, 2, 6, '2027-01-30 00:00:00', '2027-01-30 01:30:00', 'confirmed', 'Sense box involve exist.', 'Main project animal house out account.', NULL, NULL, NULL, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 28, 2, 7, 2, 4, '2027-01-08 22:00:00', '2027-01-08 23:00:00', 'pending', 'Remember individual boy again foot.', 'Least ready gun join black job.', NULL, NULL, NULL, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 29, 1, 3, 1, 3, '2027-01-13 16:30:00', '2027-01-13 17:30:00', 'pending', 'Service large under north play person.', 'Firm key light place someone option goal.', NULL, NULL, NULL, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 30, 1, 2, 1, 2, '2027-01-18 14:30:00', '2027-01-18 15:15:00', 'held', 'Mission city health executive impact full.', 'Appear piece free form newspaper hit.', NULL, NULL, NULL, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 31, 1, 3, 1, 2, '2027-01-20 17:00:00', '2027-01-20 18:00:00', 'confirmed', 'Yourself choice fast small.', 'Side strong this also from short.', NULL, NULL, NULL, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 32, 2, 7, 2, 6, '2027-01-29 01:00:00', '2027-01-29 02:00:00', 'confirmed', 'Soon catch economic political.', 'Never bill suffer surface expect.', NULL, NULL, NULL, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 33, 1, 1, 1, 2, '2027-01-25 16:00:00', '2027-01-25 17:00:00', 'rejected', 'Receive catch relationship large accept bad.', 'Democratic change vote participant.', NULL, NULL, NULL, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 34, 2, 6, 2, 4, '2027-01-30 18:30:00', '2027-01-30 19:15:00', 'cancelled', 'Window attack moment medical write never.', 'Them analysis hit health section.', NULL, NULL, NULL, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 35, 1, 4, 1, 1, '2026-12-29 19:00:00', '2026-12-29 20:30:00', 'expired', 'Writer myself education send course.', 'Television answer pretty event son.', NULL, NULL, NULL, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 36, 1, 2, 1, 2, '2027-01-13 21:00:00', '2027-01-13 21:45:00', 'confirmed', 'Goal amount thank good your.', 'Police social arm provide.', 1, NULL, NULL, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 37, 1, 2, 1, 2, '2027-01-20 21:00:00', '2027-01-20 21:45:00', 'confirmed', 'Several off morning huge power.', 'Whether ago control military.', 1, NULL, NULL, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 38, 1, 2, 1, 2, '2027-01-27 21:00:00', '2027-01-27 21:45:00', 'confirmed', 'My through surface Republican until point.', 'Meeting building cut catch so.', 1, NULL, NULL, '2026-12-30 15:00:00', '2026-12-30 15:00:00'),
	(1, 39, 1, 2, 1, 2, '2027-02-03 21:00:00', '2027-02-03 21:45:00', 'confirmed', 'General there sister policy consider whom.', 'Me than story million fight.', 1, NULL, NULL, '2026-12-30 15:00:00', '2026-12-30 15:00:00');


--
-- Data for Name: sandbox_use; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: sandboxes; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.sandboxes VALUES
	('c424830fe2ce514c7a306f947f47218b79670af1fdc25c717f0c0d20d8d7f961', 42, NULL, '2027-01-06 15:00:00', 0, '2027-01-06 15:00:00');


--
-- Data for Name: service_terms; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.service_terms VALUES
	(1, 1, true, true, 15, '[{"hours_before": 72, "percent": 0, "amount_minor": null}, {"hours_before": 24, "percent": 50, "amount_minor": null}, {"hours_before": 0, "percent": null, "amount_minor": 7000}]'),
	(1, 2, false, false, 10, '[{"hours_before": 24, "percent": 0, "amount_minor": null}, {"hours_before": 0, "percent": 100, "amount_minor": null}]'),
	(1, 3, true, true, 10, '[{"hours_before": 24, "percent": 0, "amount_minor": null}, {"hours_before": 0, "percent": 100, "amount_minor": null}]'),
	(1, 4, true, false, 30, '[{"hours_before": 0, "percent": 0, "amount_minor": null}]'),
	(1, 5, true, true, 15, '[{"hours_before": 72, "percent": 0, "amount_minor": null}, {"hours_before": 24, "percent": 50, "amount_minor": null}, {"hours_before": 0, "percent": null, "amount_minor": 7000}]'),
	(1, 6, false, false, 10, '[{"hours_before": 24, "percent": 0, "amount_minor": null}, {"hours_before": 0, "percent": 100, "amount_minor": null}]'),
	(1, 7, true, true, 10, '[{"hours_before": 24, "percent": 0, "amount_minor": null}, {"hours_before": 0, "percent": 100, "amount_minor": null}]'),
	(1, 8, true, false, 30, '[{"hours_before": 0, "percent": 0, "amount_minor": null}]');


--
-- Data for Name: services; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.services VALUES
	(1, 1, 1, 1, 'Deep Tissue Massage', 'World talk term herself law street class great prove.', 'appointment', 60, 8500, 'USD', 'per_person', '#8E44AD', 24, 90, 3000, 1, 1, '7d824264-1ba3-42e7-afa4-15e56d204496'),
	(1, 2, 1, 1, 'Swedish Massage', 'Participant commercial rock clear here writer.', 'appointment', 45, 6500, 'USD', 'per_person', '#2E86C1', 12, 90, 2200, 1, 1, '12d0498d-718d-4d05-a8e2-2743b65feea9'),
	(1, 3, 1, 1, 'Vinyasa Yoga', 'Detail food shoulder argue start source husband at tree note responsibility defense material.', 'class', 60, 2000, 'USD', 'per_person', '#27AE60', 4, 60, 4000, 3, 12, '9bb96155-5275-4b94-94ae-af5ce63658c9'),
	(1, 4, 1, 1, 'Open Meditation Circle', 'Central cause seat much section investment on gun young catch management.', 'event', 90, 0, 'USD', 'free', '#F39C12', 0, 30, 1500, 5, 20, '466772ce-204e-478c-90d0-8d1125f934bf'),
	(1, 5, 2, 2, 'Deep Tissue Massage', 'Staff within mouth call process water close month parent who up sense.', 'appointment', 60, 8500, 'USD', 'per_person', '#8E44AD', 24, 90, 3000, 1, 1, '8c611654-95da-45c1-a211-50f99fd34579'),
	(1, 6, 2, 2, 'Swedish Massage', 'Require human public health tonight later easy ask.', 'appointment', 45, 6500, 'USD', 'per_person', '#2E86C1', 12, 90, 2200, 1, 1, 'fe9fecaa-6182-4347-933f-5a72b64fa54a'),
	(1, 7, 2, 2, 'Vinyasa Yoga', 'Open discover detail audience piece director.', 'class', 60, 2000, 'USD', 'per_person', '#27AE60', 4, 60, 4000, 3, 12, '7426b193-4b7e-4b3c-87d2-92a698eeac2b'),
	(1, 8, 2, 2, 'Open Meditation Circle', 'Teacher audience draw protect Democrat car.', 'event', 90, 0, 'USD', 'free', '#F39C12', 0, 30, 1500, 5, 20, '1963c26d-6e21-4b09-9afd-4015816bcb9f');


--
-- Data for Name: staff; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.staff VALUES
	(1, 1, 1, 1, 'Abigail Shaffer', 'jpeterson@example.org', 'instructor', 'da509fed-1d4a-4d81-b3a7-d0e0cb08587d'),
	(1, 2, 1, 1, 'James Howard', 'cassandra07@example.net', 'therapist', 'c4dabddb-e0b1-4aba-a6a2-7967a79b44b6'),
	(1, 3, 1, 1, 'Jamie Arnold', 'barbara10@example.net', 'therapist', '370bc063-dd90-479e-b888-f6ed8d244e3e'),
	(1, 4, 2, 2, 'Katie Rodriguez', 'meagan89@example.org', 'therapist', '3a7e8e14-e359-4ee1-b399-1a476e191042'),
	(1, 5, 2, 2, 'Christopher Ashley', 'georgetracy@example.org', 'instructor', '74188109-d3d1-4f0f-96c4-38e469efafb1'),
	(1, 6, 2, 2, 'Sandra Parker', 'allenashley@example.org', 'therapist', '18578baf-bac7-42b9-aa7e-4c3666132e69');


--
-- Data for Name: staff_shifts; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.staff_shifts VALUES
	(1, 1, 1, 0, '09:00:00', '18:00:00'),
	(1, 2, 1, 1, '09:00:00', '18:00:00'),
	(1, 3, 1, 2, '09:00:00', '18:00:00'),
	(1, 4, 1, 4, '09:00:00', '18:00:00'),
	(1, 5, 1, 5, '10:00:00', '14:00:00'),
	(1, 6, 2, 0, '09:00:00', '18:00:00'),
	(1, 7, 2, 1, '09:00:00', '18:00:00'),
	(1, 8, 2, 2, '09:00:00', '18:00:00'),
	(1, 9, 2, 3, '09:00:00', '18:00:00'),
	(1, 10, 2, 4, '09:00:00', '18:00:00'),
	(1, 11, 3, 0, '09:00:00', '18:00:00'),
	(1, 12, 3, 2, '09:00:00', '18:00:00'),
	(1, 13, 3, 3, '09:00:00', '18:00:00'),
	(1, 14, 3, 4, '09:00:00', '18:00:00'),
	(1, 15, 3, 5, '10:00:00', '14:00:00'),
	(1, 16, 4, 1, '09:00:00', '18:00:00'),
	(1, 17, 4, 2, '09:00:00', '18:00:00'),
	(1, 18, 4, 3, '09:00:00', '18:00:00'),
	(1, 19, 4, 4, '09:00:00', '18:00:00'),
	(1, 20, 4, 5, '10:00:00', '14:00:00'),
	(1, 21, 5, 0, '09:00:00', '18:00:00'),
	(1, 22, 5, 1, '09:00:00', '18:00:00'),
	(1, 23, 5, 2, '09:00:00', '18:00:00'),
	(1, 24, 5, 4, '09:00:00', '18:00:00'),
	(1, 25, 5, 5, '10:00:00', '14:00:00'),
	(1, 26, 6, 1, '09:00:00', '18:00:00'),
	(1, 27, 6, 2, '09:00:00', '18:00:00'),
	(1, 28, 6, 3, '09:00:00', '18:00:00'),
	(1, 29, 6, 4, '09:00:00', '18:00:00'),
	(1, 30, 6, 5, '10:00:00', '14:00:00');


--
-- Data for Name: stored_answers; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: tenants; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.tenants VALUES
	(1, '7db35b2a1de36deae47852e18a13a7e9cc982f78a7f5b348451fda197f81c8ff', 'c424830fe2ce514c7a306f947f47218b79670af1fdc25c717f0c0d20d8d7f961', 'reservekit-v1', '2027-01-06 15:00:00');


--
-- Data for Name: time_slots; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.time_slots VALUES
	(1, 1, 1, 1, 0, '09:00:00', '10:00:00', 1),
	(1, 2, 1, 2, 0, '10:00:00', '11:00:00', 1),
	(1, 3, 1, 3, 0, '11:00:00', '12:00:00', 1),
	(1, 4, 1, 1, 0, '12:00:00', '13:00:00', 1),
	(1, 5, 1, 2, 0, '13:00:00', '14:00:00', 1),
	(1, 6, 1, 3, 0, '14:00:00', '15:00:00', 1),
	(1, 7, 1, 1, 0, '15:00:00', '16:00:00', 1),
	(1, 8, 1, 2, 0, '16:00:00', '17:00:00', 1),
	(1, 9, 1, 3, 0, '17:00:00', '18:00:00', 1),
	(1, 10, 1, 1, 1, '09:00:00', '10:00:00', 1),
	(1, 11, 1, 2, 1, '10:00:00', '11:00:00', 1),
	(1, 12, 1, 3, 1, '11:00:00', '12:00:00', 1),
	(1, 13, 1, 1, 1, '12:00:00', '13:00:00', 1),
	(1, 14, 1, 2, 1, '13:00:00', '14:00:00', 1),
	(1, 15, 1, 3, 1, '14:00:00', '15:00:00', 1),
	(1, 16, 1, 1, 1, '15:00:00', '16:00:00', 1),
	(1, 17, 1, 2, 1, '16:00:00', '17:00:00', 1),
	(1, 18, 1, 3, 1, '17:00:00', '18:00:00', 1),
	(1, 19, 1, 1, 2, '09:00:00', '10:00:00', 1),
	(1, 20, 1, 2, 2, '10:00:00', '11:00:00', 1),
	(1, 21, 1, 3, 2, '11:00:00', '12:00:00', 1),
	(1, 22, 1, 1, 2, '12:00:00', '13:00:00', 1),
	(1, 23, 1, 2, 2, '13:00:00', '14:00:00', 1),
	(1, 24, 1, 3, 2, '14:00:00', '15:00:00', 1),
	(1, 25, 1, 1, 2, '15:00:00', '16:00:00', 1),
	(1, 26, 1, 2, 2, '16:00:00', '17:00:00', 1),
	(1, 27, 1, 3, 2, '17:00:00', '18:00:00', 1),
	(1, 28, 1, 1, 3, '09:00:00', '10:00:00', 1),
	(1, 29, 1, 2, 3, '10:00:00', '11:00:00', 1),
	(1, 30, 1, 3, 3, '11:00:00', '12:00:00', 1),
	(1, 31, 1, 1, 3, '12:00:00', '13:00:00', 1),
	(1, 32, 1, 2, 3, '13:00:00', '14:00:00', 1),
	(1, 33, 1, 3, 3, '14:00:00', '15:00:00', 1),
	(1, 34, 1, 1, 3, '15:00:00', '16:00:00', 1),
	(1, 35, 1, 2, 3, '16:00:00', '17:00:00', 1),
	(1, 36, 1, 3, 3, '17:00:00', '18:00:00', 1),
	(1, 37, 1, 1, 4, '09:00:00', '10:00:00', 1),
	(1, 38, 1, 2, 4, '10:00:00', '11:00:00', 1),
	(1, 39, 1, 3, 4, '11:00:00', '12:00:00', 1),
	(1, 40, 1, 1, 4, '12:00:00', '13:00:00', 1),
	(1, 41, 1, 2, 4, '13:00:00', '14:00:00', 1),
	(1, 42, 1, 3, 4, '14:00:00', '15:00:00', 1),
	(1, 43, 1, 1, 4, '15:00:00', '16:00:00', 1),
	(1, 44, 1, 2, 4, '16:00:00', '17:00:00', 1),
	(1, 45, 1, 3, 4, '17:00:00', '18:00:00', 1),
	(1, 46, 1, 1, 5, '10:00:00', '11:00:00', 1),
	(1, 47, 1, 2, 5, '11:00:00', '12:00:00', 1),
	(1, 48, 1, 3, 5, '12:00:00', '13:00:00', 1),
	(1, 49, 1, 1, 5, '13:00:00', '14:00:00', 1),
	(1, 50, 2, 2, 0, '09:00:00', '09:45:00', 2),
	(1, 51, 2, 3, 0, '10:00:00', '10:45:00', 2),
	(1, 52, 2, 1, 0, '11:00:00', '11:45:00', 2),
	(1, 53, 2, 2, 0, '12:00:00', '12:45:00', 2),
	(1, 54, 2, 3, 0, '13:00:00', '13:45:00', 2),
	(1, 55, 2, 1, 0, '14:00:00', '14:45:00', 2),
	(1, 56, 2, 2, 0, '15:00:00', '15:45:00', 2),
	(1, 57, 2, 3, 0, '16:00:00', '16:45:00', 2),
	(1, 58, 2, 1, 0, '17:00:00', '17:45:00', 2),
	(1, 59, 2, 2, 1, '09:00:00', '09:45:00', 2),
	(1, 60, 2, 3, 1, '10:00:00', '10:45:00', 2),
	(1, 61, 2, 1, 1, '11:00:00', '11:45:00', 2),
	(1, 62, 2, 2, 1, '12:00:00', '12:45:00', 2),
	(1, 63, 2, 3, 1, '13:00:00', '13:45:00', 2),
	(1, 64, 2, 1, 1, '14:00:00', '14:45:00', 2),
	(1, 65, 2, 2, 1, '15:00:00', '15:45:00', 2),
	(1, 66, 2, 3, 1, '16:00:00', '16:45:00', 2),
	(1, 67, 2, 1, 1, '17:00:00', '17:45:00', 2),
	(1, 68, 2, 2, 2, '09:00:00', '09:45:00', 2),
	(1, 69, 2, 3, 2, '10:00:00', '10:45:00', 2),
	(1, 70, 2, 1, 2, '11:00:00', '11:45:00', 2),
	(1, 71, 2, 2, 2, '12:00:00', '12:45:00', 2),
	(1, 72, 2, 3, 2, '13:00:00', '13:45:00', 2),
	(1, 73, 2, 1, 2, '14:00:00', '14:45:00', 2),
	(1, 74, 2, 2, 2, '15:00:00', '15:45:00', 2),
	(1, 75, 2, 3, 2, '16:00:00', '16:45:00', 2),
	(1, 76, 2, 1, 2, '17:00:00', '17:45:00', 2),
	(1, 77, 2, 2, 3, '09:00:00', '09:45:00', 2),
	(1, 78, 2, 3, 3, '10:00:00', '10:45:00', 2),
	(1, 79, 2, 1, 3, '11:00:00', '11:45:00', 2),
	(1, 80, 2, 2, 3, '12:00:00', '12:45:00', 2),
	(1, 81, 2, 3, 3, '13:00:00', '13:45:00', 2),
	(1, 82, 2, 1, 3, '14:00:00', '14:45:00', 2),
	(1, 83, 2, 2, 3, '15:00:00', '15:45:00', 2),
	(1, 84, 2, 3, 3, '16:00:00', '16:45:00', 2),
	(1, 85, 2, 1, 3, '17:00:00', '17:45:00', 2),
	(1, 86, 2, 2, 4, '09:00:00', '09:45:00', 2),
	(1, 87, 2, 3, 4, '10:00:00', '10:45:00', 2),
	(1, 88, 2, 1, 4, '11:00:00', '11:45:00', 2),
	(1, 89, 2, 2, 4, '12:00:00', '12:45:00', 2),
	(1, 90, 2, 3, 4, '13:00:00', '13:45:00', 2),
	(1, 91, 2, 1, 4, '14:00:00', '14:45:00', 2),
	(1, 92, 2, 2, 4, '15:00:00', '15:45:00', 2),
	(1, 93, 2, 3, 4, '16:00:00', '16:45:00', 2),
	(1, 94, 2, 1, 4, '17:00:00', '17:45:00', 2),
	(1, 95, 2, 2, 5, '10:00:00', '10:45:00', 2),
	(1, 96, 2, 3, 5, '11:00:00', '11:45:00', 2),
	(1, 97, 2, 1, 5, '12:00:00', '12:45:00', 2),
	(1, 98, 2, 2, 5, '13:00:00', '13:45:00', 2),
	(1, 99, 3, 3, 0, '09:00:00', '10:00:00', 12),
	(1, 100, 3, 1, 0, '12:00:00', '13:00:00', 12),
	(1, 101, 3, 2, 0, '15:00:00', '16:00:00', 12),
	(1, 102, 3, 3, 1, '09:00:00', '10:00:00', 12),
	(1, 103, 3, 1, 1, '12:00:00', '13:00:00', 12),
	(1, 104, 3, 2, 1, '15:00:00', '16:00:00', 12),
	(1, 105, 3, 3, 2, '09:00:00', '10:00:00', 12),
	(1, 106, 3, 1, 2, '12:00:00', '13:00:00', 12),
	(1, 107, 3, 2, 2, '15:00:00', '16:00:00', 12),
	(1, 108, 3, 3, 3, '09:00:00', '10:00:00', 12),
	(1, 109, 3, 1, 3, '12:00:00', '13:00:00', 12),
	(1, 110, 3, 2, 3, '15:00:00', '16:00:00', 12),
	(1, 111, 3, 3, 4, '09:00:00', '10:00:00', 12),
	(1, 112, 3, 1, 4, '12:00:00', '13:00:00', 12),
	(1, 113, 3, 2, 4, '15:00:00', '16:00:00', 12),
	(1, 114, 3, 3, 5, '10:00:00', '11:00:00', 12),
	(1, 115, 3, 1, 5, '13:00:00', '14:00:00', 12),
	(1, 116, 4, 2, 0, '09:00:00', '10:30:00', 20),
	(1, 117, 4, 3, 0, '13:00:00', '14:30:00', 20),
	(1, 118, 4, 1, 1, '09:00:00', '10:30:00', 20),
	(1, 119, 4, 2, 1, '13:00:00', '14:30:00', 20),
	(1, 120, 4, 3, 2, '09:00:00', '10:30:00', 20),
	(1, 121, 4, 1, 2, '13:00:00', '14:30:00', 20),
	(1, 122, 4, 2, 3, '09:00:00', '10:30:00', 20),
	(1, 123, 4, 3, 3, '13:00:00', '14:30:00', 20),
	(1, 124, 4, 1, 4, '09:00:00', '10:30:00', 20),
	(1, 125, 4, 2, 4, '13:00:00', '14:30:00', 20),
	(1, 126, 4, 3, 5, '10:00:00', '11:30:00', 20),
	(1, 127, 5, 4, 0, '09:00:00', '10:00:00', 1),
	(1, 128, 5, 5, 0, '10:00:00', '11:00:00', 1),
	(1, 129, 5, 6, 0, '11:00:00', '12:00:00', 1),
	(1, 130, 5, 4, 0, '12:00:00', '13:00:00', 1),
	(1, 131, 5, 5, 0, '13:00:00', '14:00:00', 1),
	(1, 132, 5, 6, 0, '14:00:00', '15:00:00', 1),
	(1, 133, 5, 4, 0, '15:00:00', '16:00:00', 1),
	(1, 134, 5, 5, 0, '16:00:00', '17:00:00', 1),
	(1, 135, 5, 6, 0, '17:00:00', '18:00:00', 1),
	(1, 136, 5, 4, 1, '09:00:00', '10:00:00', 1),
	(1, 137, 5, 5, 1, '10:00:00', '11:00:00', 1),
	(1, 138, 5, 6, 1, '11:00:00', '12:00:00', 1),
	(1, 139, 5, 4, 1, '12:00:00', '13:00:00', 1),
	(1, 140, 5, 5, 1, '13:00:00', '14:00:00', 1),
	(1, 141, 5, 6, 1, '14:00:00', '15:00:00', 1),
	(1, 142, 5, 4, 1, '15:00:00', '16:00:00', 1),
	(1, 143, 5, 5, 1, '16:00:00', '17:00:00', 1),
	(1, 144, 5, 6, 1, '17:00:00', '18:00:00', 1),
	(1, 145, 5, 4, 2, '09:00:00', '10:00:00', 1),
	(1, 146, 5, 5, 2, '10:00:00', '11:00:00', 1),
	(1, 147, 5, 6, 2, '11:00:00', '12:00:00', 1),
	(1, 148, 5, 4, 2, '12:00:00', '13:00:00', 1),
	(1, 149, 5, 5, 2, '13:00:00', '14:00:00', 1),
	(1, 150, 5, 6, 2, '14:00:00', '15:00:00', 1),
	(1, 151, 5, 4, 2, '15:00:00', '16:00:00', 1),
	(1, 152, 5, 5, 2, '16:00:00', '17:00:00', 1),
	(1, 153, 5, 6, 2, '17:00:00', '18:00:00', 1),
	(1, 154, 5, 4, 3, '09:00:00', '10:00:00', 1),
	(1, 155, 5, 5, 3, '10:00:00', '11:00:00', 1),
	(1, 156, 5, 6, 3, '11:00:00', '12:00:00', 1),
	(1, 157, 5, 4, 3, '12:00:00', '13:00:00', 1),
	(1, 158, 5, 5, 3, '13:00:00', '14:00:00', 1),
	(1, 159, 5, 6, 3, '14:00:00', '15:00:00', 1),
	(1, 160, 5, 4, 3, '15:00:00', '16:00:00', 1),
	(1, 161, 5, 5, 3, '16:00:00', '17:00:00', 1),
	(1, 162, 5, 6, 3, '17:00:00', '18:00:00', 1),
	(1, 163, 5, 4, 4, '09:00:00', '10:00:00', 1),
	(1, 164, 5, 5, 4, '10:00:00', '11:00:00', 1),
	(1, 165, 5, 6, 4, '11:00:00', '12:00:00', 1),
	(1, 166, 5, 4, 4, '12:00:00', '13:00:00', 1),
	(1, 167, 5, 5, 4, '13:00:00', '14:00:00', 1),
	(1, 168, 5, 6, 4, '14:00:00', '15:00:00', 1),
	(1, 169, 5, 4, 4, '15:00:00', '16:00:00', 1),
	(1, 170, 5, 5, 4, '16:00:00', '17:00:00', 1),
	(1, 171, 5, 6, 4, '17:00:00', '18:00:00', 1),
	(1, 172, 5, 4, 5, '10:00:00', '11:00:00', 1),
	(1, 173, 5, 5, 5, '11:00:00', '12:00:00', 1),
	(1, 174, 5, 6, 5, '12:00:00', '13:00:00', 1),
	(1, 175, 5, 4, 5, '13:00:00', '14:00:00', 1),
	(1, 176, 6, 5, 0, '09:00:00', '09:45:00', 2),
	(1, 177, 6, 6, 0, '10:00:00', '10:45:00', 2),
	(1, 178, 6, 4, 0, '11:00:00', '11:45:00', 2),
	(1, 179, 6, 5, 0, '12:00:00', '12:45:00', 2),
	(1, 180, 6, 6, 0, '13:00:00', '13:45:00', 2),
	(1, 181, 6, 4, 0, '14:00:00', '14:45:00', 2),
	(1, 182, 6, 5, 0, '15:00:00', '15:45:00', 2),
	(1, 183, 6, 6, 0, '16:00:00', '16:45:00', 2),
	(1, 184, 6, 4, 0, '17:00:00', '17:45:00', 2),
	(1, 185, 6, 5, 1, '09:00:00', '09:45:00', 2),
	(1, 186, 6, 6, 1, '10:00:00', '10:45:00', 2),
	(1, 187, 6, 4, 1, '11:00:00', '11:45:00', 2),
	(1, 188, 6, 5, 1, '12:00:00', '12:45:00', 2),
	(1, 189, 6, 6, 1, '13:00:00', '13:45:00', 2),
	(1, 190, 6, 4, 1, '14:00:00', '14:45:00', 2),
	(1, 191, 6, 5, 1, '15:00:00', '15:45:00', 2),
	(1, 192, 6, 6, 1, '16:00:00', '16:45:00', 2),
	(1, 193, 6, 4, 1, '17:00:00', '17:45:00', 2),
	(1, 194, 6, 5, 2, '09:00:00', '09:45:00', 2),
	(1, 195, 6, 6, 2, '10:00:00', '10:45:00', 2),
	(1, 196, 6, 4, 2, '11:00:00', '11:45:00', 2),
	(1, 197, 6, 5, 2, '12:00:00', '12:45:00', 2),
	(1, 198, 6, 6, 2, '13:00:00', '13:45:00', 2),
	(1, 199, 6, 4, 2, '14:00:00', '14:45:00', 2),
	(1, 200, 6, 5, 2, '15:00:00', '15:45:00', 2);
INSERT INTO public.time_slots VALUES
	(1, 201, 6, 6, 2, '16:00:00', '16:45:00', 2),
	(1, 202, 6, 4, 2, '17:00:00', '17:45:00', 2),
	(1, 203, 6, 5, 3, '09:00:00', '09:45:00', 2),
	(1, 204, 6, 6, 3, '10:00:00', '10:45:00', 2),
	(1, 205, 6, 4, 3, '11:00:00', '11:45:00', 2),
	(1, 206, 6, 5, 3, '12:00:00', '12:45:00', 2),
	(1, 207, 6, 6, 3, '13:00:00', '13:45:00', 2),
	(1, 208, 6, 4, 3, '14:00:00', '14:45:00', 2),
	(1, 209, 6, 5, 3, '15:00:00', '15:45:00', 2),
	(1, 210, 6, 6, 3, '16:00:00', '16:45:00', 2),
	(1, 211, 6, 4, 3, '17:00:00', '17:45:00', 2),
	(1, 212, 6, 5, 4, '09:00:00', '09:45:00', 2),
	(1, 213, 6, 6, 4, '10:00:00', '10:45:00', 2),
	(1, 214, 6, 4, 4, '11:00:00', '11:45:00', 2),
	(1, 215, 6, 5, 4, '12:00:00', '12:45:00', 2),
	(1, 216, 6, 6, 4, '13:00:00', '13:45:00', 2),
	(1, 217, 6, 4, 4, '14:00:00', '14:45:00', 2),
	(1, 218, 6, 5, 4, '15:00:00', '15:45:00', 2),
	(1, 219, 6, 6, 4, '16:00:00', '16:45:00', 2),
	(1, 220, 6, 4, 4, '17:00:00', '17:45:00', 2),
	(1, 221, 6, 5, 5, '10:00:00', '10:45:00', 2),
	(1, 222, 6, 6, 5, '11:00:00', '11:45:00', 2),
	(1, 223, 6, 4, 5, '12:00:00', '12:45:00', 2),
	(1, 224, 6, 5, 5, '13:00:00', '13:45:00', 2),
	(1, 225, 7, 6, 0, '09:00:00', '10:00:00', 12),
	(1, 226, 7, 4, 0, '12:00:00', '13:00:00', 12),
	(1, 227, 7, 5, 0, '15:00:00', '16:00:00', 12),
	(1, 228, 7, 6, 1, '09:00:00', '10:00:00', 12),
	(1, 229, 7, 4, 1, '12:00:00', '13:00:00', 12),
	(1, 230, 7, 5, 1, '15:00:00', '16:00:00', 12),
	(1, 231, 7, 6, 2, '09:00:00', '10:00:00', 12),
	(1, 232, 7, 4, 2, '12:00:00', '13:00:00', 12),
	(1, 233, 7, 5, 2, '15:00:00', '16:00:00', 12),
	(1, 234, 7, 6, 3, '09:00:00', '10:00:00', 12),
	(1, 235, 7, 4, 3, '12:00:00', '13:00:00', 12),
	(1, 236, 7, 5, 3, '15:00:00', '16:00:00', 12),
	(1, 237, 7, 6, 4, '09:00:00', '10:00:00', 12),
	(1, 238, 7, 4, 4, '12:00:00', '13:00:00', 12),
	(1, 239, 7, 5, 4, '15:00:00', '16:00:00', 12),
	(1, 240, 7, 6, 5, '10:00:00', '11:00:00', 12),
	(1, 241, 7, 4, 5, '13:00:00', '14:00:00', 12),
	(1, 242, 8, 5, 0, '09:00:00', '10:30:00', 20),
	(1, 243, 8, 6, 0, '13:00:00', '14:30:00', 20),
	(1, 244, 8, 4, 1, '09:00:00', '10:30:00', 20),
	(1, 245, 8, 5, 1, '13:00:00', '14:30:00', 20),
	(1, 246, 8, 6, 2, '09:00:00', '10:30:00', 20),
	(1, 247, 8, 4, 2, '13:00:00', '14:30:00', 20),
	(1, 248, 8, 5, 3, '09:00:00', '10:30:00', 20),
	(1, 249, 8, 6, 3, '13:00:00', '14:30:00', 20),
	(1, 250, 8, 4, 4, '09:00:00', '10:30:00', 20),
	(1, 251, 8, 5, 4, '13:00:00', '14:30:00', 20),
	(1, 252, 8, 6, 5, '10:00:00', '11:30:00', 20);


--
-- Data for Name: visits; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: webhooks; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.webhooks VALUES
	(1, 'c424830fe2ce514c7a306f947f47218b79670af1fdc25c717f0c0d20d8d7f961', 'http://127.0.0.1:9/hook', '["bookings.create"]', NULL, 'whsec_332fbf40c9d8951fc0bed40c30c5e314bee38e9b95c81161', '2027-01-06 15:00:00');


--
-- Name: deliveries_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.deliveries_id_seq', 1, false);


--
-- Name: fault_rules_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.fault_rules_id_seq', 1, true);


--
-- Name: tenants_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.tenants_id_seq', 1, true);


--
-- Name: webhooks_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.webhooks_id_seq', 1, true);


--
-- Name: access_codes access_codes_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.access_codes
    ADD CONSTRAINT access_codes_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: add_ons add_ons_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.add_ons
    ADD CONSTRAINT add_ons_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: blocked_times blocked_times_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.blocked_times
    ADD CONSTRAINT blocked_times_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: bookings bookings_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bookings
    ADD CONSTRAINT bookings_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: customers customers_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.customers
    ADD CONSTRAINT customers_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: deliveries deliveries_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.deliveries
    ADD CONSTRAINT deliveries_pkey PRIMARY KEY (id);


--
-- Name: fault_rules fault_rules_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.fault_rules
    ADD CONSTRAINT fault_rules_pkey PRIMARY KEY (id);


--
-- Name: folios folios_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.folios
    ADD CONSTRAINT folios_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: form_fields form_fields_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.form_fields
    ADD CONSTRAINT form_fields_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: id_counters id_counters_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.id_counters
    ADD CONSTRAINT id_counters_pkey PRIMARY KEY (tenant_id, entity);


--
-- Name: issued_passes issued_passes_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.issued_passes
    ADD CONSTRAINT issued_passes_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: journal journal_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.journal
    ADD CONSTRAINT journal_pkey PRIMARY KEY (id);


--
-- Name: locations locations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.locations
    ADD CONSTRAINT locations_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: lookups lookups_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.lookups
    ADD CONSTRAINT lookups_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: opening_hours opening_hours_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.opening_hours
    ADD CONSTRAINT opening_hours_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: order_entries order_entries_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.order_entries
    ADD CONSTRAINT order_entries_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: orders orders_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: participants participants_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.participants
    ADD CONSTRAINT participants_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: providers providers_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.providers
    ADD CONSTRAINT providers_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: purchases purchases_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.purchases
    ADD CONSTRAINT purchases_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: reseller_clients reseller_clients_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reseller_clients
    ADD CONSTRAINT reseller_clients_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: reservations reservations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reservations
    ADD CONSTRAINT reservations_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: sandbox_use sandbox_use_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sandbox_use
    ADD CONSTRAINT sandbox_use_pkey PRIMARY KEY (key_hash);


--
-- Name: sandboxes sandboxes_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sandboxes
    ADD CONSTRAINT sandboxes_pkey PRIMARY KEY (key_hash);


--
-- Name: service_terms service_terms_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.service_terms
    ADD CONSTRAINT service_terms_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: services services_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.services
    ADD CONSTRAINT services_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: staff staff_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.staff
    ADD CONSTRAINT staff_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: staff_shifts staff_shifts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.staff_shifts
    ADD CONSTRAINT staff_shifts_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: stored_answers stored_answers_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.stored_answers
    ADD CONSTRAINT stored_answers_pkey PRIMARY KEY (tenant_id, key);


--
-- Name: tenants tenants_key_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tenants
    ADD CONSTRAINT tenants_key_hash_key UNIQUE (key_hash);


--
-- Name: tenants tenants_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tenants
    ADD CONSTRAINT tenants_pkey PRIMARY KEY (id);


--
-- Name: time_slots time_slots_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.time_slots
    ADD CONSTRAINT time_slots_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: visits visits_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.visits
    ADD CONSTRAINT visits_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: webhooks webhooks_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.webhooks
    ADD CONSTRAINT webhooks_pkey PRIMARY KEY (id);


--
-- Name: ix_access_codes_code; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_access_codes_code ON public.access_codes USING btree (tenant_id, provider_id, code);


--
-- Name: ix_add_ons_service; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_add_ons_service ON public.add_ons USING btree (tenant_id, service_id, id);


--
-- Name: ix_blocked_times_provider; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_blocked_times_provider ON public.blocked_times USING btree (tenant_id, provider_id, starts_at);


--
-- Name: ix_blocked_times_staff; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_blocked_times_staff ON public.blocked_times USING btree (tenant_id, staff_id, starts_at);


--
-- Name: ix_bookings_customer; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_bookings_customer ON public.bookings USING btree (tenant_id, customer_id, time_slot_id, date);


--
-- Name: ix_bookings_occurrence; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_bookings_occurrence ON public.bookings USING btree (tenant_id, time_slot_id, date, status);


--
-- Name: ix_bookings_service; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_bookings_service ON public.bookings USING btree (tenant_id, service_id, id);


--
-- Name: ix_customers_email; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_customers_email ON public.customers USING btree (tenant_id, email_key);


--
-- Name: ix_customers_phone; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_customers_phone ON public.customers USING btree (tenant_id, phone);


--
-- Name: ix_customers_uuid; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_customers_uuid ON public.customers USING btree (tenant_id, uuid);


--
-- Name: ix_deliveries_pending; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_deliveries_pending ON public.deliveries USING btree (state, next_attempt_at);


--
-- Name: ix_deliveries_webhook; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_deliveries_webhook ON public.deliveries USING btree (sandbox_hash, webhook_id, id);


--
-- Name: ix_fault_rules_sandbox; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_fault_rules_sandbox ON public.fault_rules USING btree (sandbox_hash, id);


--
-- Name: ix_folios_number; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_folios_number ON public.folios USING btree (tenant_id, number);


--
-- Name: ix_folios_uuid; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_folios_uuid ON public.folios USING btree (tenant_id, uuid);


--
-- Name: ix_form_fields_service; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_form_fields_service ON public.form_fields USING btree (tenant_id, service_id, "position");


--
-- Name: ix_issued_passes_client; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_issued_passes_client ON public.issued_passes USING btree (tenant_id, client_id);


--
-- Name: ix_issued_passes_user; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_issued_passes_user ON public.issued_passes USING btree (tenant_id, reseller_id, user_id);


--
-- Name: ix_journal_sandbox_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_journal_sandbox_id ON public.journal USING btree (sandbox_hash, id);


--
-- Name: ix_lookups_public; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_lookups_public ON public.lookups USING btree (tenant_id, public_id);


--
-- Name: ix_lookups_token; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_lookups_token ON public.lookups USING btree (tenant_id, client_token);


--
-- Name: ix_order_entries_order; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_order_entries_order ON public.order_entries USING btree (tenant_id, order_id, id);


--
-- Name: ix_participants_reservation; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_participants_reservation ON public.participants USING btree (tenant_id, reservation_id, customer_id);


--
-- Name: ix_providers_slug; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_providers_slug ON public.providers USING btree (tenant_id, slug);


--
-- Name: ix_purchases_public; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_purchases_public ON public.purchases USING btree (tenant_id, public_id);


--
-- Name: ix_reseller_clients_member; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_reseller_clients_member ON public.reseller_clients USING btree (tenant_id, issuer_id, member_number);


--
-- Name: ix_reseller_clients_user; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_reseller_clients_user ON public.reseller_clients USING btree (tenant_id, reseller_id, user_id);


--
-- Name: ix_reservations_provider; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_reservations_provider ON public.reservations USING btree (tenant_id, provider_id, starts_at);


--
-- Name: ix_reservations_series; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_reservations_series ON public.reservations USING btree (tenant_id, series_id, starts_at);


--
-- Name: ix_reservations_service; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_reservations_service ON public.reservations USING btree (tenant_id, service_id, starts_at);


--
-- Name: ix_reservations_staff; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_reservations_staff ON public.reservations USING btree (tenant_id, staff_id, starts_at);


--
-- Name: ix_sandbox_use_last_used; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_sandbox_use_last_used ON public.sandbox_use USING btree (last_used);


--
-- Name: ix_services_uuid; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_services_uuid ON public.services USING btree (tenant_id, uuid);


--
-- Name: ix_staff_location; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_staff_location ON public.staff USING btree (tenant_id, location_id, id);


--
-- Name: ix_staff_shifts_staff; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_staff_shifts_staff ON public.staff_shifts USING btree (tenant_id, staff_id, weekday);


--
-- Name: ix_staff_uuid; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_staff_uuid ON public.staff USING btree (tenant_id, uuid);


--
-- Name: ix_tenants_sandbox; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_tenants_sandbox ON public.tenants USING btree (sandbox_hash);


--
-- Name: ix_time_slots_service; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_time_slots_service ON public.time_slots USING btree (tenant_id, service_id, weekday, id);


--
-- Name: ix_visits_booking; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_visits_booking ON public.visits USING btree (tenant_id, booking_id);


--
-- Name: ix_visits_client; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_visits_client ON public.visits USING btree (tenant_id, client_id, id);


--
-- Name: ix_visits_public; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_visits_public ON public.visits USING btree (tenant_id, public_id);


--
-- Name: ix_webhooks_sandbox; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_webhooks_sandbox ON public.webhooks USING btree (sandbox_hash, id);


--
-- Name: access_codes access_codes_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.access_codes
    ADD CONSTRAINT access_codes_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: add_ons add_ons_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.add_ons
    ADD CONSTRAINT add_ons_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: blocked_times blocked_times_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.blocked_times
    ADD CONSTRAINT blocked_times_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: bookings bookings_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bookings
    ADD CONSTRAINT bookings_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: customers customers_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.customers
    ADD CONSTRAINT customers_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: folios folios_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.folios
    ADD CONSTRAINT folios_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: form_fields form_fields_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.form_fields
    ADD CONSTRAINT form_fields_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: id_counters id_counters_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.id_counters
    ADD CONSTRAINT id_counters_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: issued_passes issued_passes_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.issued_passes
    ADD CONSTRAINT issued_passes_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: locations locations_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.locations
    ADD CONSTRAINT locations_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: lookups lookups_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.lookups
    ADD CONSTRAINT lookups_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: opening_hours opening_hours_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.opening_hours
    ADD CONSTRAINT opening_hours_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: order_entries order_entries_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.order_entries
    ADD CONSTRAINT order_entries_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: orders orders_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: participants participants_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.participants
    ADD CONSTRAINT participants_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: providers providers_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.providers
    ADD CONSTRAINT providers_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: purchases purchases_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.purchases
    ADD CONSTRAINT purchases_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: reseller_clients reseller_clients_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reseller_clients
    ADD CONSTRAINT reseller_clients_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: reservations reservations_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reservations
    ADD CONSTRAINT reservations_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: sandbox_use sandbox_use_key_hash_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sandbox_use
    ADD CONSTRAINT sandbox_use_key_hash_fkey FOREIGN KEY (key_hash) REFERENCES public.sandboxes(key_hash);


--
-- Name: service_terms service_terms_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.service_terms
    ADD CONSTRAINT service_terms_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: services services_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.services
    ADD CONSTRAINT services_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: staff_shifts staff_shifts_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.staff_shifts
    ADD CONSTRAINT staff_shifts_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: staff staff_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.staff
    ADD CONSTRAINT staff_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: stored_answers stored_answers_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.stored_answers
    ADD CONSTRAINT stored_answers_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: tenants tenants_sandbox_hash_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tenants
    ADD CONSTRAINT tenants_sandbox_hash_fkey FOREIGN KEY (sandbox_hash) REFERENCES public.sandboxes(key_hash);


--
-- Name: time_slots time_slots_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.time_slots
    ADD CONSTRAINT time_slots_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: visits visits_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.visits
    ADD CONSTRAINT visits_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- PostgreSQL database dump complete
--


