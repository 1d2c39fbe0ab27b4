PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE sandboxes (
	key_hash VARCHAR(64) NOT NULL, 
	seed INTEGER NOT NULL, 
	scenario VARCHAR(80), 
	created_at DATETIME NOT NULL, 
	clock_offset_us BIGINT NOT NULL, 
	clock_frozen_at DATETIME, 
	PRIMARY KEY (key_hash)
);
INSERT INTO sandboxes VALUES('c424830fe2ce514c7a306f947f47218b79670af1fdc25c717f0c0d20d8d7f961',42,NULL,'2027-01-06 15:00:00.000000',0,'2027-01-06 15:00:00.000000');
CREATE TABLE fault_rules (
	id INTEGER NOT NULL, 
	sandbox_hash VARCHAR(64) NOT NULL, 
	api VARCHAR(40), 
	method VARCHAR(10), 
	path VARCHAR(300) NOT NULL, 
	kind VARCHAR(20) NOT NULL, 
	probability FLOAT NOT NULL, 
	count INTEGER, 
	fired INTEGER NOT NULL, 
	params JSON NOT NULL, 
	created_at DATETIME NOT NULL, 
	window_started FLOAT, 
	window_count INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO fault_rules VALUES(1,'c424830fe2ce514c7a306f947f47218b79670af1fdc25c717f0c0d20d8d7f961','reservekit-v1','GET','/v1/services','error',1.0,2,0,'{"status": 503}','2027-01-06 15:00:00.000000',NULL,0);
CREATE TABLE webhooks (
	id INTEGER NOT NULL, 
	sandbox_hash VARCHAR(64) NOT NULL, 
	url VARCHAR NOT NULL, 
	events JSON NOT NULL, 
	description VARCHAR, 
	secret VARCHAR(80) NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO webhooks VALUES(1,'c424830fe2ce514c7a306f947f47218b79670af1fdc25c717f0c0d20d8d7f961','http://127.0.0.1:9/hook','["bookings.create"]',NULL,'whsec_332fbf40c9d8951fc0bed40c30c5e314bee38e9b95c81161','2027-01-06 15:00:00.000000');
CREATE TABLE deliveries (
	id INTEGER NOT NULL, 
	sandbox_hash VARCHAR(64) NOT NULL, 
	webhook_id INTEGER NOT NULL, 
	event VARCHAR(40) NOT NULL, 
	event_id VARCHAR(40) NOT NULL, 
	payload TEXT NOT NULL, 
	attempts INTEGER NOT NULL, 
	state VARCHAR(10) NOT NULL, 
	next_attempt_at DATETIME, 
	last_status INTEGER, 
	last_error VARCHAR, 
	claimed_until FLOAT, 
	PRIMARY KEY (id)
);
CREATE TABLE sandbox_use (
	key_hash VARCHAR(64) NOT NULL, 
	last_used FLOAT NOT NULL, 
	PRIMARY KEY (key_hash), 
	FOREIGN KEY(key_hash) REFERENCES sandboxes (key_hash)
);
CREATE TABLE tenants (
	id INTEGER NOT NULL, 
	key_hash VARCHAR(64) NOT NULL, 
	sandbox_hash VARCHAR(64) NOT NULL, 
	api VARCHAR(40) NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (key_hash), 
	FOREIGN KEY(sandbox_hash) REFERENCES sandboxes (key_hash)
);
INSERT INTO tenants VALUES(1,'7db35b2a1de36deae47852e18a13a7e9cc982f78a7f5b348451fda197f81c8ff','c424830fe2ce514c7a306f947f47218b79670af1fdc25c717f0c0d20d8d7f961','reservekit-v1','2027-01-06 15:00:00.000000');
CREATE TABLE id_counters (
	tenant_id INTEGER NOT NULL, 
	entity VARCHAR(40) NOT NULL, 
	next_id INTEGER NOT NULL, 
	PRIMARY KEY (tenant_id, entity), 
	FOREIGN KEY(tenant_id) REFERENCES tenants (id)
);
INSERT INTO id_counters VALUES(1,'issued_pass',9);
INSERT INTO id_counters VALUES(1,'order_entry',43);
INSERT INTO id_counters VALUES(1,'customer',14);
INSERT INTO id_counters VALUES(1,'booking',26);
INSERT INTO id_counters VALUES(1,'blocked_time',37);
INSERT INTO id_counters VALUES(1,'reservation',40);
INSERT INTO id_counters VALUES(1,'participant',60);
INSERT INTO id_counters VALUES(1,'series',2);
CREATE TABLE providers (
	tenant_id INTEGER NOT NULL, 
	id INTEGER NOT NULL, 
	name VARCHAR NOT NULL, 
	slug VARCHAR NOT NULL, 
	email VARCHAR NOT NULL, 
	phone VARCHAR NOT NULL, 
	PRIMARY KEY (tenant_id, id), 
	FOREIGN KEY(tenant_id) REFERENCES tenants (id)
);
INSERT INTO providers VALUES(1,1,'Rodriguez, Figueroa and Sanchez','rodriguez-figueroa-and-sanchez','bookings@rodriguez-figueroa-and-sanchez.example.com','+19215550119');
INSERT INTO providers VALUES(1,2,'Callahan and Sons','callahan-and-sons','bookings@callahan-and-sons.example.com','+12265550166');
CREATE TABLE locations (
	tenant_id INTEGER NOT NULL, 
	id INTEGER NOT NULL, 
	provider_id INTEGER NOT NULL, 
	name VARCHAR NOT NULL, 
	street VARCHAR NOT NULL, 
	city VARCHAR NOT NULL, 
	postal_code VARCHAR NOT NULL, 
	country VARCHAR(2) NOT NULL, 
	timezone VARCHAR NOT NULL, 
	PRIMARY KEY (tenant_id, id), 
	FOREIGN KEY(tenant_id) REFERENCES tenants (id)
);
INSERT INTO locations VALUES(1,1,1,'Rodriguez, Figueroa and Sanchez chester','13389 Anna Stravenue','Robinsonshire','36964','US','America/New_York');
INSERT INTO locations VALUES(1,2,2,'Callahan and Sons mouth','018 Mack Junctions Apt. 462','Smithview','66113','US','America/Los_Angeles');
CREATE TABLE services (
	tenant_id INTEGER NOT NULL, 
	id INTEGER NOT NULL, 
	provider_id INTEGER NOT NULL, 
	location_id INTEGER NOT NULL, 
	name VARCHAR NOT NULL, 
	description VARCHAR NOT NULL, 
	kind VARCHAR(20) NOT NULL, 
	duration_minutes INTEGER NOT NULL, 
	price_minor INTEGER NOT NULL, 
	currency VARCHAR(3) NOT NULL, 
	price_type VARCHAR(20) NOT NULL, 
	color VARCHAR(7) NOT NULL, 
	cancellation_deadline_hours INTEGER NOT NULL, 
	booking_window_days INTEGER NOT NULL, 
	cost_minor INTEGER NOT NULL, 
	min_participants INTEGER NOT NULL, 
	max_participants INTEGER NOT NULL, 
	uuid VARCHAR(36) NOT NULL, 
	PRIMARY KEY (tenant_id, id), 
	FOREIGN KEY(tenant_id) REFERENCES tenants (id)
);
INSERT INTO services VALUES(1,1,1,1,'Deep Tissue Massage','World talk term herself law street class great prove.','appointment',60,8500,'USD','per_person','#8E44AD',24,90,3000,1,1,'7d824264-1ba3-42e7-afa4-15e56d204496');
INSERT INTO services VALUES(1,2,1,1,'Swedish Massage','Participant commercial rock clear here writer.','appointment',45,6500,'USD','per_person','#2E86C1',12,90,2200,1,1,'12d0498d-718d-4d05-a8e2-2743b65feea9');
INSERT INTO services VALUES(1,3,1,1,'Vinyasa Yoga','Detail food shoulder argue start source husband at tree note responsibility defense material.','class',60,2000,'USD','per_person','#27AE60',4,60,4000,3,12,'9bb96155-5275-4b94-94ae-af5ce63658c9');
INSERT INTO services VALUES(1,4,1,1,'Open Meditation Circle','Central cause seat much section investment on gun young catch management.','event',90,0,'USD','free','#F39C12',0,30,1500,5,20,'466772ce-204e-478c-90d0-8d1125f934bf');
INSERT INTO services VALUES(1,5,2,2,'Deep Tissue Massage','Staff within mouth call process water close month parent who up sense.','appointment',60,8500,'USD','per_person','#8E44AD',24,90,3000,1,1,'8c611654-95da-45c1-a211-50f99fd34579');
INSERT INTO services VALUES(1,6,2,2,'Swedish Massage','Require human public health tonight later easy ask.','appointment',45,6500,'USD','per_person','#2E86C1',12,90,2200,1,1,'fe9fecaa-6182-4347-933f-5a72b64fa54a');
INSERT INTO services VALUES(1,7,2,2,'Vinyasa Yoga','Open discover detail audience piece director.','class',60,2000,'USD','per_person','#27AE60',4,60,4000,3,12,'7426b193-4b7e-4b3c-87d2-92a698eeac2b');
INSERT INTO services VALUES(1,8,2,2,'Open Meditation Circle','Teacher audience draw protect Democrat car.','event',90,0,'USD','free','#F39C12',0,30,1500,5,20,'1963c26d-6e21-4b09-9afd-4015816bcb9f');
CREATE TABLE opening_hours (
	tenant_id INTEGER NOT NULL, 
	id INTEGER NOT NULL, 
	location_id INTEGER NOT NULL, 
	weekday SMALLINT NOT NULL, 
	opens TIME NOT NULL, 
	closes TIME NOT NULL, 
	PRIMARY KEY (tenant_id, id), 
	FOREIGN KEY(tenant_id) REFERENCES tenants (id)
);
INSERT INTO opening_hours VALUES(1,1,1,0,'09:00:00.000000','18:00:00.000000');
INSERT INTO opening_hours VALUES(1,2,1,1,'09:00:00.000000','18:00:00.000000');
INSERT INTO opening_hours VALUES(1,3,1,2,'09:00:00.000000','18:00:00.000000');
INSERT INTO opening_hours VALUES(1,4,1,3,'09:00:00.000000','18:00:00.000000');
INSERT INTO opening_hours VALUES(1,5,1,4,'09:00:00.000000','18:00:00.000000');
INSERT INTO opening_hours VALUES(1,6,1,5,'10:00:00.000000','14:00:00.000000');
INSERT INTO opening_hours VALUES(1,7,2,0,'09:00:00.000000','18:00:00.000000');
INSERT INTO opening_hours VALUES(1,8,2,1,'09:00:00.000000','18:00:00.000000');
INSERT INTO opening_hours VALUES(1,9,2,2,'09:00:00.000000','18:00:00.000000');
INSERT INTO opening_hours VALUES(1,10,2,3,'09:00:00.000000','18:00:00.000000');
INSERT INTO opening_hours VALUES(1,11,2,4,'09:00:00.000000','18:00:00.000000');
INSERT INTO opening_hours VALUES(1,12,2,5,'10:00:00.000000','14:00:00.000000');
CREATE TABLE customers (
	tenant_id INTEGER NOT NULL, 
	id INTEGER NOT NULL, 
	uuid VARCHAR(36) NOT NULL, 
	name VARCHAR, 
	email VARCHAR, 
	email_key VARCHAR, 
	phone VARCHAR, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (tenant_id, id), 
	FOREIGN KEY(tenant_id) REFERENCES tenants (id)
);
INSERT INTO customers VALUES(1,1,'93829b43-922f-415a-a1e3-db63ef7ddc76','Thomas Mueller','glee@example.net','glee@example.net','+17655550167','2026-11-10 15:00:00.000000','2026-11-10 15:00:00.000000');
INSERT INTO customers VALUES(1,2,'a56c0941-fbf2-4050-a748-dbcfac619e63','Corey Powell','lauren13@example.org','lauren13@example.org','+18385550126','2026-09-05 15:00:00.000000','2026-09-05 15:00:00.000000');
INSERT INTO customers VALUES(1,3,'dfde4fbf-3ff3-40bf-b66e-cb15474ebc19','Sandra Ramos','williamsyvette@example.org','williamsyvette@example.org','+13135550167','2026-04-05 15:00:00.000000','2026-04-05 15:00:00.000000');
INSERT INTO customers VALUES(1,4,'e7067ef4-66aa-4385-9d59-ba7136b82481','Brian Gray','ybaker@example.com','ybaker@example.com','+19465550172','2026-09-01 15:00:00.000000','2026-09-01 15:00:00.000000');
INSERT INTO customers VALUES(1,5,'0ef8c2d6-f7fd-4646-b7bb-3eec4bf50b52','Beth Daniels','brian97@example.net','brian97@example.net','+11825550181','2026-09-03 15:00:00.000000','2026-09-03 15:00:00.000000');
INSERT INTO customers VALUES(1,6,'acdabacc-1165-4210-9854-3881118a9d29','Michelle Powell','bethwilliams@example.org','bethwilliams@example.org','+19695550154','2026-08-25 15:00:00.000000','2026-08-25 15:00:00.000000');
INSERT INTO customers VALUES(1,7,'3d1a85dd-506e-4a9a-b758-588dab73295b','Joseph Anderson','stephen10@example.com','stephen10@example.com','+12995550118','2026-08-20 15:00:00.000000','2026-08-20 15:00:00.000000');
INSERT INTO customers VALUES(1,8,'eeea163e-21e8-4c68-83e4-2caf8181a8cc','Michael Jones','mikemoore@example.net','mikemoore@example.net','+19495550108','2026-07-07 15:00:00.000000','2026-07-07 15:00:00.000000');
INSERT INTO customers VALUES(1,9,'f05db76e-1a84-451a-a9d3-d7c7ee87905e','Natalie Baker','newtoneric@example.com','newtoneric@example.com','+16935550134','2026-03-24 15:00:00.000000','2026-03-24 15:00:00.000000');
INSERT INTO customers VALUES(1,10,'e87d1c78-e7c4-41c7-8049-7b717d106c60','Meghan Davis','ccalderon@example.org','ccalderon@example.org','+15525550127','2026-02-28 15:00:00.000000','2026-02-28 15:00:00.000000');
INSERT INTO customers VALUES(1,11,'0279b6a6-8f97-47b0-ad7c-e3c9b4a69f3c','Daniel Landry','amydavenport@example.net','amydavenport@example.net','+17825550120','2026-07-03 15:00:00.000000','2026-07-03 15:00:00.000000');
INSERT INTO customers VALUES(1,12,'cbceabde-eede-4b07-a623-a6895d59cd2a','Teresa Williams','jason31@example.com','jason31@example.com','+13865550132','2026-09-08 15:00:00.000000','2026-09-08 15:00:00.000000');
INSERT INTO customers VALUES(1,13,'f2eeea0a-c1f4-4fd8-a3de-829b2dcc20c8','Ada','ada@example.com','ada@example.com',NULL,'2027-01-06 15:00:00.000000','2027-01-06 15:00:00.000000');
CREATE TABLE staff (
	tenant_id INTEGER NOT NULL, 
	id INTEGER NOT NULL, 
	provider_id INTEGER NOT NULL, 
	location_id INTEGER NOT NULL, 
	name VARCHAR NOT NULL, 
	email VARCHAR NOT NULL, 
	role VARCHAR NOT NULL, 
	uuid VARCHAR(36) NOT NULL, 
	PRIMARY KEY (tenant_id, id), 
	FOREIGN KEY(tenant_id) REFERENCES tenants (id)
);
INSERT INTO staff VALUES(1,1,1,1,'Abigail Shaffer','jpeterson@example.org','instructor','da509fed-1d4a-4d81-b3a7-d0e0cb08587d');
INSERT INTO staff VALUES(1,2,1,1,'James Howard','cassandra07@example.net','therapist','c4dabddb-e0b1-4aba-a6a2-7967a79b44b6');
INSERT INTO staff VALUES(1,3,1,1,'Jamie Arnold','barbara10@example.net','therapist','370bc063-dd90-479e-b888-f6ed8d244e3e');
INSERT INTO staff VALUES(1,4,2,2,'Katie Rodriguez','meagan89@example.org','therapist','3a7e8e14-e359-4ee1-b399-1a476e191042');
INSERT INTO staff VALUES(1,5,2,2,'Christopher Ashley','georgetracy@example.org','instructor','74188109-d3d1-4f0f-96c4-38e469efafb1');
INSERT INTO staff VALUES(1,6,2,2,'Sandra Parker','allenashley@example.org','therapist','18578baf-bac7-42b9-aa7e-4c3666132e69');
CREATE TABLE staff_shifts (
	tenant_id INTEGER NOT NULL, 
	id INTEGER NOT NULL, 
	staff_id INTEGER NOT NULL, 
	weekday SMALLINT NOT NULL, 
	starts TIME NOT NULL, 
	ends TIME NOT NULL, 
	PRIMARY KEY (tenant_id, id), 
	FOREIGN KEY(tenant_id) REFERENCES tenants (id)
);
INSERT INTO staff_shifts VALUES(1,1,1,0,'09:00:00.000000','18:00:00.000000');
INSERT INTO staff_shifts VALUES(1,2,1,1,'09:00:00.000000','18:00:00.000000');
INSERT INTO staff_shifts VALUES(1,3,1,2,'09:00:00.000000','18:00:00.000000');
INSERT INTO staff_shifts VALUES(1,4,1,4,'09:00:00.000000','18:00:00.000000');
INSERT INTO staff_shifts VALUES(1,5,1,5,'10:00:00.000000','14:00:00.000000');
INSERT INTO staff_shifts VALUES(1,6,2,0,'09:00:00.000000','18:00:00.000000');
INSERT INTO staff_shifts VALUES(1,7,2,1,'09:00:00.000000','18:00:00.000000');
INSERT INTO staff_shifts VALUES(1,8,2,2,'09:00:00.000000','18:00:00.000000');
INSERT INTO staff_shifts VALUES(1,9,2,3,'09:00:00.000000','18:00:00.000000');
INSERT INTO staff_shifts VALUES(1,10,2,4,'09:00:00.000000','18:00:00.000000');
INSERT INTO staff_shifts VALUES(1,11,3,0,'09:00:00.000000','18:00:00.000000');
INSERT INTO staff_shifts VALUES(1,12,3,2,'09:00:00.000000','18:00:00.000000');
INSERT INTO staff_shifts VALUES(1,13,3,3,'09:00:00.000000','18:00:00.000000');
INSERT INTO staff_shifts VALUES(1,14,3,4,'09:00:00.000000','18:00:00.000000');
INSERT INTO staff_shifts VALUES(1,15,3,5,'10:00:00.000000','14:00:00.000000');
INSERT INTO staff_shifts VALUES(1,16,4,1,'09:00:00.000000','18:00:00.000000');
INSERT INTO staff_shifts VALUES(1,17,4,2,'09:00:00.000000','18:00:00.000000');
INSERT INTO staff_shifts VALUES(1,18,4,3,'09:00:00.000000','18:00:00.000000');
INSERT INTO staff_shifts VALUES(1,19,4,4,'09:00:00.000000','18:00:00.000000');
INSERT INTO staff_shifts VALUES(1,20,4,5,'10:00:00.000000','14:00:00.000000');
INSERT INTO staff_shifts VALUES(1,21,5,0,'09:00:00.000000','18:00:00.000000');
INSERT INTO staff_shifts VALUES(1,22,5,1,'09:00:00.000000','18:00:00.000000');
INSERT INTO staff_shifts VALUES(1,23,5,2,'09:00:00.000000','18:00:00.000000');
INSERT INTO staff_shifts VALUES(1,24,5,4,'09:00:00.000000','18:00:00.000000');
INSERT INTO staff_shifts VALUES(1,25,5,5,'10:00:00.000000','14:00:00.000000');
INSERT INTO staff_shifts VALUES(1,26,6,1,'09:00:00.000000','18:00:00.000000');
INSERT INTO staff_shifts VALUES(1,27,6,2,'09:00:00.000000','18:00:00.000000');
INSERT INTO staff_shifts VALUES(1,28,6,3,'09:00:00.000000','18:00:00.000000');
INSERT INTO staff_shifts VALUES(1,29,6,4,'09:00:00.000000','18:00:00.000000');
INSERT INTO staff_shifts VALUES(1,30,6,5,'10:00:00.000000','14:00:00.000000');
CREATE TABLE blocked_times (
	tenant_id INTEGER NOT NULL, 
	id INTEGER NOT NULL, 
	provider_id INTEGER NOT NULL, 
	staff_id INTEGER NOT NULL, 
	name VARCHAR NOT NULL, 
	starts_at DATETIME NOT NULL, 
	ends_at DATETIME NOT NULL, 
	all_day BOOLEAN NOT NULL, 
	icon VARCHAR, 
	blocked_type_id INTEGER, 
	PRIMARY KEY (tenant_id, id), 
	FOREIGN KEY(tenant_id) REFERENCES tenants (id)
);
INSERT INTO blocked_times VALUES(1,1,1,1,'Lunch Break','2027-01-18 17:00:00.000000','2027-01-18 18:00:00.000000',0,'utensils',1);
INSERT INTO blocked_times VALUES(1,2,1,1,'Lunch Break','2027-01-25 17:00:00.000000','2027-01-25 18:00:00.000000',0,'utensils',1);
INSERT INTO blocked_times VALUES(1,3,1,1,'Lunch Break','2027-01-09 17:00:00.000000','2027-01-09 18:00:00.000000',0,'utensils',1);
INSERT INTO blocked_times VALUES(1,4,1,1,'Lunch Break','2027-02-03 17:00:00.000000','2027-02-03 18:00:00.000000',0,'utensils',1);
INSERT INTO blocked_times VALUES(1,5,1,1,'Training Day','2027-01-13 05:00:00.000000','2027-01-14 05:00:00.000000',1,'graduation-cap',2);
INSERT INTO blocked_times VALUES(1,6,1,1,'Doctor Appointment','2027-01-23 20:00:00.000000','2027-01-23 21:30:00.000000',0,'stethoscope',3);
INSERT INTO blocked_times VALUES(1,7,1,2,'Lunch Break','2027-02-01 17:00:00.000000','2027-02-01 18:00:00.000000',0,'utensils',1);
INSERT INTO blocked_times VALUES(1,8,1,2,'Lunch Break','2027-01-07 17:00:00.000000','2027-01-07 18:00:00.000000',0,'utensils',1);
INSERT INTO blocked_times VALUES(1,9,1,2,'Lunch Break','2027-01-21 17:00:00.000000','2027-01-21 18:00:00.000000',0,'utensils',1);
INSERT INTO blocked_times VALUES(1,10,1,2,'Lunch Break','2027-01-14 17:00:00.000000','2027-01-14 18:00:00.000000',0,'utensils',1);
INSERT INTO blocked_times VALUES(1,11,1,2,'Training Day','2027-01-22 05:00:00.000000','2027-01-23 05:00:00.000000',1,'graduation-cap',2);
INSERT INTO blocked_times VALUES(1,12,1,2,'Doctor Appointment','2027-01-29 20:00:00.000000','2027-01-29 21:30:00.000000',0,'stethoscope',3);
INSERT INTO blocked_times VALUES(1,13,1,3,'Lunch Break','2027-01-29 17:00:00.000000','2027-01-29 18:00:00.000000',0,'utensils',1);
INSERT INTO blocked_times VALUES(1,14,1,3,'Lunch Break','2027-01-23 17:00:00.000000','2027-01-23 18:00:00.000000',0,'utensils',1);
INSERT INTO blocked_times VALUES(1,15,1,3,'Lunch Break','2027-01-14 17:00:00.000000','2027-01-14 18:00:00.000000',0,'utensils',1);
INSERT INTO blocked_times VALUES(1,16,1,3,'Lunch Break','2027-01-25 17:00:00.000000','2027-01-25 18:00:00.000000',0,'utensils',1);
INSERT INTO blocked_times VALUES(1,17,1,3,'Training Day','2027-01-15 05:00:00.000000','2027-01-16 05:00:00.000000',1,'graduation-cap',2);
INSERT INTO blocked_times VALUES(1,18,1,3,'Doctor Appointment','2027-01-29 20:00:00.000000','2027-01-29 21:30:00.000000',0,'stethoscope',3);
INSERT INTO blocked_times VALUES(1,19,2,4,'Lunch Break','2027-02-03 20:00:00.000000','2027-02-03 21:00:00.000000',0,'utensils',1);
INSERT INTO blocked_times VALUES(1,20,2,4,'Lunch Break','2027-01-21 20:00:00.000000','2027-01-21 21:00:00.000000',0,'utensils',1);
INSERT INTO blocked_times VALUES(1,21,2,4,'Lunch Break','2027-01-29 20:00:00.000000','2027-01-29 21:00:00.000000',0,'utensils',1);
INSERT INTO blocked_times VALUES(1,22,2,4,'Lunch Break','2027-01-15 20:00:00.000000','2027-01-15 21:00:00.000000',0,'utensils',1);
INSERT INTO blocked_times VALUES(1,23,2,4,'Training Day','2027-01-16 08:00:00.000000','2027-01-17 08:00:00.000000',1,'graduation-cap',2);
INSERT INTO blocked_times VALUES(1,24,2,4,'Doctor Appointment','2027-01-26 23:00:00.000000','2027-01-27 00:30:00.000000',0,'stethoscope',3);
INSERT INTO blocked_times VALUES(1,25,2,5,'Lunch Break','2027-01-22 20:00:00.000000','2027-01-22 21:00:00.000000',0,'utensils',1);
INSERT INTO blocked_times VALUES(1,26,2,5,'Lunch Break','2027-01-23 20:00:00.000000','2027-01-23 21:00:00.000000',0,'utensils',1);
INSERT INTO blocked_times VALUES(1,27,2,5,'Lunch Break','2027-01-25 20:00:00.000000','2027-01-25 21:00:00.000000',0,'utensils',1);
INSERT INTO blocked_times VALUES(1,28,2,5,'Lunch Break','2027-02-03 20:00:00.000000','2027-02-03 21:00:00.000000',0,'utensils',1);
INSERT INTO blocked_times VALUES(1,29,2,5,'Training Day','2027-02-02 08:00:00.000000','2027-02-03 08:00:00.000000',1,'graduation-cap',2);
INSERT INTO blocked_times VALUES(1,30,2,5,'Doctor Appointment','2027-01-30 23:00:00.000000','2027-01-31 00:30:00.000000',0,'stethoscope',3);
INSERT INTO blocked_times VALUES(1,31,2,6,'Lunch Break','2027-01-21 20:00:00.000000','2027-01-21 21:00:00.000000',0,'utensils',1);
INSERT INTO blocked_times VALUES(1,32,2,6,'Lunch Break','2027-01-30 20:00:00.000000','2027-01-30 21:00:00.000000',0,'utensils',1);
INSERT INTO blocked_times VALUES(1,33,2,6,'Lunch Break','2027-01-22 20:00:00.000000','2027-01-22 21:00:00.000000',0,'utensils',1);
INSERT INTO blocked_times VALUES(1,34,2,6,'Lunch Break','2027-01-20 20:00:00.000000','2027-01-20 21:00:00.000000',0,'utensils',1);
INSERT INTO blocked_times VALUES(1,35,2,6,'Training Day','2027-02-03 08:00:00.000000','2027-02-04 08:00:00.000000',1,'graduation-cap',2);
INSERT INTO blocked_times VALUES(1,36,2,6,'Doctor Appointment','2027-01-26 23:00:00.000000','2027-01-27 00:30:00.000000',0,'stethoscope',3);
CREATE TABLE reservations (
	tenant_id INTEGER NOT NULL, 
	id INTEGER NOT NULL, 
	provider_id INTEGER NOT NULL, 
	service_id INTEGER NOT NULL, 
	location_id INTEGER NOT NULL, 
	staff_id INTEGER NOT NULL, 
	starts_at DATETIME NOT NULL, 
	ends_at DATETIME NOT NULL, 
	status VARCHAR(20) NOT NULL, 
	customer_note VARCHAR, 
	merchant_note VARCHAR, 
	series_id INTEGER, 
	cancelled_by_merchant_on DATETIME, 
	cancellation_reason VARCHAR, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (tenant_id, id), 
	FOREIGN KEY(tenant_id) REFERENCES tenants (id)
);
INSERT INTO reservations VALUES(1,1,1,1,1,2,'2027-02-01 19:00:00.000000','2027-02-01 20:00:00.000000','confirmed','Deep something future they red everybody.','Might course drop.',NULL,NULL,NULL,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO reservations VALUES(1,2,1,1,1,2,'2027-01-14 21:30:00.000000','2027-01-14 22:30:00.000000','confirmed','Large admit family identify during professional.','List most international second former.',NULL,NULL,NULL,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO reservations VALUES(1,3,1,1,1,3,'2027-01-22 18:30:00.000000','2027-01-22 19:30:00.000000','confirmed','Building court build movie.','Course school everybody operation.',NULL,NULL,NULL,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO reservations VALUES(1,4,1,2,1,3,'2027-01-23 15:00:00.000000','2027-01-23 15:45:00.000000','confirmed','Dinner conference add move.','Animal approach factor want.',NULL,NULL,NULL,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO reservations VALUES(1,5,1,2,1,3,'2027-01-08 14:00:00.000000','2027-01-08 14:45:00.000000','confirmed','Light key continue anything.','Box assume man officer rather charge.',NULL,NULL,NULL,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO reservations VALUES(1,6,1,2,1,3,'2027-01-07 17:30:00.000000','2027-01-07 18:15:00.000000','confirmed','Share paper so difficult mission late.','Father open investment notice art.',NULL,NULL,NULL,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO reservations VALUES(1,7,1,3,1,3,'2027-01-18 17:00:00.000000','2027-01-18 18:00:00.000000','confirmed','Community avoid able late.','Like allow explain executive teacher author.',NULL,NULL,NULL,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO reservations VALUES(1,8,1,3,1,1,'2027-01-20 20:30:00.000000','2027-01-20 21:30:00.000000','confirmed','Positive training step author.','Society organization station TV.',NULL,NULL,NULL,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO reservations VALUES(1,9,1,3,1,2,'2027-01-21 22:00:00.000000','2027-01-21 23:00:00.000000','confirmed','Same page ago director purpose.','Onto again share start office several.',NULL,NULL,NULL,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO reservations VALUES(1,10,1,4,1,1,'2027-01-29 18:00:00.000000','2027-01-29 19:30:00.000000','confirmed','Why like impact fly bit claim.','Really explain war spend nearly.',NULL,NULL,NULL,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO reservations VALUES(1,11,1,4,1,2,'2027-01-25 18:00:00.000000','2027-01-25 19:30:00.000000','confirmed','Price my including.','Million performance material kind.',NULL,NULL,NULL,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO reservations VALUES(1,12,1,4,1,1,'2027-01-26 16:00:00.000000','2027-01-26 17:30:00.000000','confirmed','Win participant dream.','Financial add impact different.',NULL,NULL,NULL,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO reservations VALUES(1,13,2,5,2,6,'2027-01-29 23:00:00.000000','2027-01-30 00:00:00.000000','confirmed','Manager already maybe.','Forward beyond suddenly between treat address.',NULL,NULL,NULL,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO reservations VALUES(1,14,2,5,2,4,'2027-01-15 18:00:00.000000','2027-01-15 19:00:00.000000','confirmed','Full realize power system.','Here first responsibility service their along.',NULL,NULL,NULL,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO reservations VALUES(1,15,2,5,2,4,'2027-01-27 20:30:00.000000','2027-01-27 21:30:00.000000','confirmed','Its better plant.','Kitchen really tough.',NULL,NULL,NULL,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO reservations VALUES(1,16,2,6,2,4,'2027-01-07 21:30:00.000000','2027-01-07 22:15:00.000000','confirmed','Issue each include radio conference.','Bad that people drive.',NULL,NULL,NULL,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO reservations VALUES(1,17,2,6,2,6,'2027-01-21 00:00:00.000000','2027-01-21 00:45:00.000000','confirmed','Least project together let.','Quality citizen kid generation.',NULL,NULL,NULL,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO reservations VALUES(1,18,2,6,2,6,'2027-01-28 21:00:00.000000','2027-01-28 21:45:00.000000','confirmed','Current his low down.','Grow fast recognize against stop how.',NULL,NULL,NULL,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO reservations VALUES(1,19,2,7,2,4,'2027-01-09 20:00:00.000000','2027-01-09 21:00:00.000000','confirmed','Pm per question return.','Pick tough position.',NULL,NULL,NULL,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO reservations VALUES(1,20,2,7,2,5,'2027-01-08 22:30:00.000000','2027-01-08 23:30:00.000000','confirmed','Section compare car much will.','Maybe evening clearly trial want whose.',NULL,NULL,NULL,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO reservations VALUES(1,21,2,7,2,5,'2027-01-14 00:00:00.000000','2027-01-14 01:00:00.000000','confirmed','Team right woman whose.','Hand so add Mr lawyer pull.',NULL,NULL,NULL,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO reservations VALUES(1,22,2,8,2,6,'2027-01-28 22:30:00.000000','2027-01-29 00:00:00.000000','confirmed','Likely people wall foreign.','Determine as statement travel few impact.',NULL,NULL,NULL,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO reservations VALUES(1,23,2,8,2,4,'2027-01-12 21:30:00.000000','2027-01-12 23:00:00.000000','confirmed','Home he we.','Industry score choice increase between majority.',NULL,NULL,NULL,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO reservations VALUES(1,24,2,8,2,5,'2027-01-13 22:30:00.000000','2027-01-14 00:00:00.000000','confirmed','Talk between rate name.','Art every why we station.',NULL,NULL,NULL,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO reservations VALUES(1,25,2,6,2,5,'2027-01-27 22:30:00.000000','2027-01-27 23:15:00.000000','confirmed','Before be it.','Speech news only no form.',NULL,NULL,NULL,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO reservations VALUES(1,26,2,7,2,6,'2027-01-09 20:00:00.000000','2027-01-09 21:00:00.000000','confirmed','Event several TV go.','Thank not husband center.',NULL,NULL,NULL,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO reservations VALUES(1,27,2,8,2,6,'2027-01-30 00:00:00.000000','2027-01-30 01:30:00.000000','confirmed','Sense box involve exist.','Main project animal house out account.',NULL,NULL,NULL,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO reservations VALUES(1,28,2,7,2,4,'2027-01-08 22:00:00.000000','2027-01-08 23:00:00.000000','pending','Remember individual boy again foot.','Least ready gun join black job.',NULL,NULL,NULL,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO reservations VALUES(1,29,1,3,1,3,'2027-01-13 16:30:00.000000','2027-01-13 17:30:00.000000','pending','Service large under north play person.','Firm key light place someone option goal.',NULL,NULL,NULL,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO reservations VALUES(1,30,1,2,1,2,'2027-01-18 14:30:00.000000','2027-01-18 15:15:00.000000','held','Mission city health executive impact full.','Appear piece free form newspaper hit.',NULL,NULL,NULL,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO reservations VALUES(1,31,1,3,1,2,'2027-01-20 17:00:00.000000','2027-01-20 18:00:00.000000','confirmed','Yourself choice fast small.','Side strong this also from short.',NULL,NULL,NULL,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO reservations VALUES(1,32,2,7,2,6,'2027-01-29 01:00:00.000000','2027-01-29 02:00:00.000000','confirmed','Soon catch economic political.','Never bill suffer surface expect.',NULL,NULL,NULL,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO reservations VALUES(1,33,1,1,1,2,'2027-01-25 16:00:00.000000','2027-01-25 17:00:00.000000','rejected','Receive catch relationship large accept bad.','Democratic change vote participant.',NULL,NULL,NULL,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO reservations VALUES(1,34,2,6,2,4,'2027-01-30 18:30:00.000000','2027-01-30 19:15:00.000000','cancelled','Window attack moment medical write never.','Them analysis hit health section.',NULL,NULL,NULL,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO reservations VALUES(1,35,1,4,1,1,'2026-12-29 19:00:00.000000','2026-12-29 20:30:00.000000','expired','Writer myself education send course.','Television answer pretty event son.',NULL,NULL,NULL,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO reservations VALUES(1,36,1,2,1,2,'2027-01-13 21:00:00.000000','2027-01-13 21:45:00.000000','confirmed','Goal amount thank good your.','Police social arm provide.',1,NULL,NULL,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO reservations VALUES(1,37,1,2,1,2,'2027-01-20 21:00:00.000000','2027-01-20 21:45:00.000000','confirmed','Several off morning huge power.','Whether ago control military.',1,NULL,NULL,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO reservations VALUES(1,38,1,2,1,2,'2027-01-27 21:00:00.000000','2027-01-27 21:45:00.000000','confirmed','My through surface Republican until point.','Meeting building cut catch so.',1,NULL,NULL,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO reservations VALUES(1,39,1,2,1,2,'2027-02-03 21:00:00.000000','2027-02-03 21:45:00.000000','confirmed','General there sister policy consider whom.','Me than story million fight.',1,NULL,NULL,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
CREATE TABLE participants (
	tenant_id INTEGER NOT NULL, 
	id INTEGER NOT NULL, 
	reservation_id INTEGER NOT NULL, 
	customer_id INTEGER NOT NULL, 
	status VARCHAR(20) NOT NULL, 
	joined_at DATETIME NOT NULL, 
	cancelled_at DATETIME, 
	can_edit BOOLEAN NOT NULL, 
	attending_virtually BOOLEAN NOT NULL, 
	display_name VARCHAR, 
	answers JSON, 
	PRIMARY KEY (tenant_id, id), 
	FOREIGN KEY(tenant_id) REFERENCES tenants (id)
);
INSERT INTO participants VALUES(1,1,1,3,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,2,2,11,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,3,3,5,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,4,4,4,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,5,5,10,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,6,6,2,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,7,7,2,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,8,7,3,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,9,7,11,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,10,8,9,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,11,9,1,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,12,9,2,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,13,9,8,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,14,9,10,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,15,10,7,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,16,10,10,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,17,11,2,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,18,11,7,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,19,11,9,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,20,12,2,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,21,12,8,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,22,12,12,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,23,13,11,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,24,14,8,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,25,15,12,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,26,16,6,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,27,17,11,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,28,18,8,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,29,19,4,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,30,19,5,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,31,19,6,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,32,19,10,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,33,20,2,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,34,20,5,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,35,21,3,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,36,22,11,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,37,23,2,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,38,23,4,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,39,23,9,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,40,23,12,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,41,24,8,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,42,24,12,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,43,25,3,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,44,26,11,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,45,27,7,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,46,28,10,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,47,29,11,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,48,30,4,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,49,31,6,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,50,31,8,'invited','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,51,32,9,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,52,32,7,'invited','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,53,33,3,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,54,34,11,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,55,35,5,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,56,36,10,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,57,37,10,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,58,38,10,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
INSERT INTO participants VALUES(1,59,39,10,'confirmed','2026-12-30 15:00:00.000000',NULL,0,0,NULL,'null');
CREATE TABLE service_terms (
	tenant_id INTEGER NOT NULL, 
	id INTEGER NOT NULL, 
	can_instant_book BOOLEAN NOT NULL, 
	can_edit_service_options BOOLEAN NOT NULL, 
	check_in_minutes INTEGER NOT NULL, 
	fee_tiers JSON NOT NULL, 
	PRIMARY KEY (tenant_id, id), 
	FOREIGN KEY(tenant_id) REFERENCES tenants (id)
);
INSERT INTO service_terms VALUES(1,1,1,1,15,'[{"hours_before": 72, "percent": 0, "amount_minor": null}, {"hours_before": 24, "percent": 50, "amount_minor": null}, {"hours_before": 0, "percent": null, "amount_minor": 7000}]');
INSERT INTO service_terms VALUES(1,2,0,0,10,'[{"hours_before": 24, "percent": 0, "amount_minor": null}, {"hours_before": 0, "percent": 100, "amount_minor": null}]');
INSERT INTO service_terms VALUES(1,3,1,1,10,'[{"hours_before": 24, "percent": 0, "amount_minor": null}, {"hours_before": 0, "percent": 100, "amount_minor": null}]');
INSERT INTO service_terms VALUES(1,4,1,0,30,'[{"hours_before": 0, "percent": 0, "amount_minor": null}]');
INSERT INTO service_terms VALUES(1,5,1,1,15,'[{"hours_before": 72, "percent": 0, "amount_minor": null}, {"hours_before": 24, "percent": 50, "amount_minor": null}, {"hours_before": 0, "percent": null, "amount_minor": 7000}]');
INSERT INTO service_terms VALUES(1,6,0,0,10,'[{"hours_before": 24, "percent": 0, "amount_minor": null}, {"hours_before": 0, "percent": 100, "amount_minor": null}]');
INSERT INTO service_terms VALUES(1,7,1,1,10,'[{"hours_before": 24, "percent": 0, "amount_minor": null}, {"hours_before": 0, "percent": 100, "amount_minor": null}]');
INSERT INTO service_terms VALUES(1,8,1,0,30,'[{"hours_before": 0, "percent": 0, "amount_minor": null}]');
CREATE TABLE add_ons (
	tenant_id INTEGER NOT NULL, 
	id INTEGER NOT NULL, 
	uuid VARCHAR(36) NOT NULL, 
	service_id INTEGER NOT NULL, 
	name VARCHAR NOT NULL, 
	price_minor INTEGER NOT NULL, 
	max_quantity INTEGER NOT NULL, 
	PRIMARY KEY (tenant_id, id), 
	FOREIGN KEY(tenant_id) REFERENCES tenants (id)
);
INSERT INTO add_ons VALUES(1,1,'a446be72-364c-411a-a9ab-364a1777e8cb',1,'Hot Stones',1500,1);
INSERT INTO add_ons VALUES(1,2,'0577aea9-f899-4246-98de-8ebba3b5cece',1,'Aromatherapy Oil',800,3);
INSERT INTO add_ons VALUES(1,3,'c3e15a85-d46e-4104-9190-6f5034885a46',2,'Scalp Massage',1200,1);
INSERT INTO add_ons VALUES(1,4,'541c7a86-3ba5-4d2f-9ea4-5c19d0243d72',3,'Mat Rental',300,1);
INSERT INTO add_ons VALUES(1,5,'e68933a9-c9e4-4e8c-a5c6-1c45c63d04ee',3,'Towel',200,2);
INSERT INTO add_ons VALUES(1,6,'ca3c6f5f-5bb5-440c-83cd-e2e321bddb41',5,'Hot Stones',1500,1);
INSERT INTO add_ons VALUES(1,7,'52e2afd9-96bf-40ab-bce9-15e7c9d6a63b',5,'Aromatherapy Oil',800,3);
INSERT INTO add_ons VALUES(1,8,'79eb4168-1045-46e5-bee3-eb791d181ee9',6,'Scalp Massage',1200,1);
INSERT INTO add_ons VALUES(1,9,'80fb9296-73b6-409b-9bea-f6ac97fa7f04',7,'Mat Rental',300,1);
INSERT INTO add_ons VALUES(1,10,'0b19f88e-9d77-445e-b206-c26938b77c07',7,'Towel',200,2);
CREATE TABLE form_fields (
	tenant_id INTEGER NOT NULL, 
	id INTEGER NOT NULL, 
	uuid VARCHAR(36) NOT NULL, 
	service_id INTEGER NOT NULL, 
	label VARCHAR NOT NULL, 
	kind VARCHAR(20) NOT NULL, 
	required BOOLEAN NOT NULL, 
	options JSON NOT NULL, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (tenant_id, id), 
	FOREIGN KEY(tenant_id) REFERENCES tenants (id)
);
INSERT INTO form_fields VALUES(1,1,'3e5a87e3-5560-4b22-896b-5edb0cf2b69b',1,'Pressure preference','select',1,'["light", "medium", "firm"]',0);
INSERT INTO form_fields VALUES(1,2,'90882eaf-c977-4598-a03c-8c25fd235def',1,'Allergies or injuries','text',0,'[]',1);
INSERT INTO form_fields VALUES(1,3,'3748967f-961d-43ba-b508-43f08de08fc2',2,'Gift receipt email','email',0,'[]',0);
INSERT INTO form_fields VALUES(1,4,'dbc080fd-46fb-4bf3-80b9-d4a3989240ac',3,'T-shirt size','select',1,'["XS", "S", "M", "L", "XL"]',0);
INSERT INTO form_fields VALUES(1,5,'21472a15-fcce-46f6-a50a-4578fbe94499',3,'First class with us','boolean',1,'[]',1);
INSERT INTO form_fields VALUES(1,6,'2cabd7e7-cc6b-46e5-802a-df9c8a4b8f7c',3,'Years of practice','number',0,'[]',2);
INSERT INTO form_fields VALUES(1,7,'06998731-ddcf-4766-a93b-12cd1c24220e',4,'Dietary preference','text',1,'[]',0);
INSERT INTO form_fields VALUES(1,8,'0d6a05b3-43ef-4016-ac9b-662e040a3aae',5,'Pressure preference','select',1,'["light", "medium", "firm"]',0);
INSERT INTO form_fields VALUES(1,9,'86ad8a8c-6bc4-423e-bde1-3c1b20733f6d',5,'Allergies or injuries','text',0,'[]',1);
INSERT INTO form_fields VALUES(1,10,'83639007-5cae-4610-872c-1fe372c22a16',6,'Gift receipt email','email',0,'[]',0);
INSERT INTO form_fields VALUES(1,11,'ddf275eb-e8a3-4341-8881-9065ba2c98ce',7,'T-shirt size','select',1,'["XS", "S", "M", "L", "XL"]',0);
INSERT INTO form_fields VALUES(1,12,'75424646-4d37-4539-857d-d3b3a8addf36',7,'First class with us','boolean',1,'[]',1);
INSERT INTO form_fields VALUES(1,13,'0f9240e1-07f9-4d05-b6ca-6b8ba4b1f991',7,'Years of practice','number',0,'[]',2);
INSERT INTO form_fields VALUES(1,14,'66d06371-d8e8-4ebb-ba9e-8eefffa361be',8,'Dietary preference','text',1,'[]',0);
CREATE TABLE folios (
	tenant_id INTEGER NOT NULL, 
	id INTEGER NOT NULL, 
	uuid VARCHAR(36) NOT NULL, 
	number VARCHAR(20) NOT NULL, 
	kiosk_hash VARCHAR(64) NOT NULL, 
	owner_id INTEGER NOT NULL, 
	add_ons JSON NOT NULL, 
	pending_edit JSON, 
	PRIMARY KEY (tenant_id, id), 
	FOREIGN KEY(tenant_id) REFERENCES tenants (id)
);
INSERT INTO folios VALUES(1,25,'dfa4bb9f-5a85-4750-a92a-c1391f4a8ca1','BK-000025','d199b364f73bb387',3,'[]','null');
INSERT INTO folios VALUES(1,26,'177d6e7e-07d9-44ce-b8c8-8faea2178f84','BK-000026','6cdea5b9a2145128',11,'[[9, 1]]','null');
INSERT INTO folios VALUES(1,27,'c47104c0-3613-4e15-b200-c2614d29d1ab','BK-000027','489a30fd54c7b2c1',7,'[]','null');
INSERT INTO folios VALUES(1,28,'6550f74a-1422-473f-8622-68d16683e107','BK-000028','9a7a5236bb473486',10,'[]','null');
INSERT INTO folios VALUES(1,29,'73b0a091-7634-4169-8f76-e38812fe28bf','BK-000029','11b922ce1e6af41e',11,'[]','null');
INSERT INTO folios VALUES(1,30,'a8149562-da00-4f16-b946-9bcf4082cbb9','BK-000030','4a24b9c429ca42db',4,'[]','null');
INSERT INTO folios VALUES(1,31,'277d1be9-6070-46a1-98e5-2499218c6e1c','BK-000031','555e1db7e9e779f6',6,'[[4, 1]]','null');
INSERT INTO folios VALUES(1,32,'73069588-45d5-468d-a90a-3abbc35b9fea','BK-000032','4d27eb0d1cb7c2b7',9,'[[9, 1]]','null');
INSERT INTO folios VALUES(1,33,'49c10669-c6b3-4fe6-9c76-bdf66c5a6c93','BK-000033','79317de23f0749d0',3,'[[1, 1]]','null');
INSERT INTO folios VALUES(1,34,'5844f9fc-114b-4547-89dc-72b85b6a8102','BK-000034','73a41ba5ef542e19',11,'[[8, 1]]','null');
INSERT INTO folios VALUES(1,35,'be4969ec-6667-43bb-a3b5-63606fdc0bad','BK-000035','eca5ffb82d2d59a3',5,'[]','null');
INSERT INTO folios VALUES(1,36,'cd14a03e-8359-4af6-9d01-f55f67fd64c4','BK-000036','504e1427bbc14ebb',10,'[[3, 1]]','null');
INSERT INTO folios VALUES(1,37,'4303cbc1-1e25-45b8-8fc9-c86be9ddebf5','BK-000037','8e69f6342e5e2ab2',10,'[[3, 1]]','null');
INSERT INTO folios VALUES(1,38,'9280c5aa-8dd4-495b-9c63-b6f306ba8cd3','BK-000038','be4229cfdd24a2ee',10,'[[3, 1]]','null');
INSERT INTO folios VALUES(1,39,'b596ca7c-ef4a-4a88-9299-e5052976aab2','BK-000039','7b92868492545a10',10,'[[3, 1]]','null');
CREATE TABLE orders (
	tenant_id INTEGER NOT NULL, 
	id INTEGER NOT NULL, 
	currency VARCHAR(3) NOT NULL, 
	invoice_number VARCHAR(20) NOT NULL, 
	total_minor INTEGER NOT NULL, 
	paid_minor INTEGER NOT NULL, 
	refunded_minor INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (tenant_id, id), 
	FOREIGN KEY(tenant_id) REFERENCES tenants (id)
);
INSERT INTO orders VALUES(1,25,'USD','INV-000025',6500,6500,0,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO orders VALUES(1,26,'USD','INV-000026',2300,2300,0,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO orders VALUES(1,27,'USD','INV-000027',0,0,0,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO orders VALUES(1,28,'USD','INV-000028',2000,2000,0,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO orders VALUES(1,29,'USD','INV-000029',2000,2000,0,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO orders VALUES(1,30,'USD','INV-000030',6500,0,0,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO orders VALUES(1,31,'USD','INV-000031',4300,4300,0,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO orders VALUES(1,32,'USD','INV-000032',4300,4300,0,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO orders VALUES(1,33,'USD','INV-000033',0,10000,10000,'2026-12-30 15:00:00.000000','2026-12-31 15:00:00.000000');
INSERT INTO orders VALUES(1,34,'USD','INV-000034',0,7700,7700,'2026-12-30 15:00:00.000000','2026-12-31 15:00:00.000000');
INSERT INTO orders VALUES(1,35,'USD','INV-000035',0,0,0,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO orders VALUES(1,36,'USD','INV-000036',7700,7700,0,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO orders VALUES(1,37,'USD','INV-000037',7700,7700,0,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO orders VALUES(1,38,'USD','INV-000038',7700,7700,0,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO orders VALUES(1,39,'USD','INV-000039',7700,7700,0,'2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
CREATE TABLE order_entries (
	tenant_id INTEGER NOT NULL, 
	id INTEGER NOT NULL, 
	order_id INTEGER NOT NULL, 
	kind VARCHAR(20) NOT NULL, 
	description VARCHAR NOT NULL, 
	amount_minor INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (tenant_id, id), 
	FOREIGN KEY(tenant_id) REFERENCES tenants (id)
);
INSERT INTO order_entries VALUES(1,1,25,'charge','Swedish Massage, 45 min, 1 participant(s)',6500,'2026-12-30 15:00:00.000000');
INSERT INTO order_entries VALUES(1,2,25,'payment','paid in full at booking',6500,'2026-12-30 15:00:00.000000');
INSERT INTO order_entries VALUES(1,3,26,'charge','Vinyasa Yoga, 60 min, 1 participant(s)',2000,'2026-12-30 15:00:00.000000');
INSERT INTO order_entries VALUES(1,4,26,'add_on','Mat Rental x1',300,'2026-12-30 15:00:00.000000');
INSERT INTO order_entries VALUES(1,5,26,'payment','paid in full at booking',2300,'2026-12-30 15:00:00.000000');
INSERT INTO order_entries VALUES(1,6,27,'charge','Open Meditation Circle, 90 min, 1 participant(s)',0,'2026-12-30 15:00:00.000000');
INSERT INTO order_entries VALUES(1,7,27,'payment','paid in full at booking',0,'2026-12-30 15:00:00.000000');
INSERT INTO order_entries VALUES(1,8,28,'charge','Vinyasa Yoga, 60 min, 1 participant(s)',2000,'2026-12-30 15:00:00.000000');
INSERT INTO order_entries VALUES(1,9,28,'payment','paid in full at booking',2000,'2026-12-30 15:00:00.000000');
INSERT INTO order_entries VALUES(1,10,29,'charge','Vinyasa Yoga, 60 min, 1 participant(s)',2000,'2026-12-30 15:00:00.000000');
INSERT INTO order_entries VALUES(1,11,29,'payment','paid in full at booking',2000,'2026-12-30 15:00:00.000000');
INSERT INTO order_entries VALUES(1,12,30,'charge','Swedish Massage, 45 min, 1 participant(s)',6500,'2026-12-30 15:00:00.000000');
INSERT INTO order_entries VALUES(1,13,31,'charge','Vinyasa Yoga, 60 min, 2 participant(s)',4000,'2026-12-30 15:00:00.000000');
INSERT INTO order_entries VALUES(1,14,31,'add_on','Mat Rental x1',300,'2026-12-30 15:00:00.000000');
INSERT INTO order_entries VALUES(1,15,31,'payment','paid in full at booking',4300,'2026-12-30 15:00:00.000000');
INSERT INTO order_entries VALUES(1,16,32,'charge','Vinyasa Yoga, 60 min, 2 participant(s)',4000,'2026-12-30 15:00:00.000000');
INSERT INTO order_entries VALUES(1,17,32,'add_on','Mat Rental x1',300,'2026-12-30 15:00:00.000000');
INSERT INTO order_entries VALUES(1,18,32,'payment','paid in full at booking',4300,'2026-12-30 15:00:00.000000');
INSERT INTO order_entries VALUES(1,19,33,'charge','Deep Tissue Massage, 60 min, 1 participant(s)',8500,'2026-12-30 15:00:00.000000');
INSERT INTO order_entries VALUES(1,20,33,'add_on','Hot Stones x1',1500,'2026-12-30 15:00:00.000000');
INSERT INTO order_entries VALUES(1,21,33,'payment','paid in full at booking',10000,'2026-12-30 15:00:00.000000');
INSERT INTO order_entries VALUES(1,22,33,'adjustment','request rejected',-10000,'2026-12-31 15:00:00.000000');
INSERT INTO order_entries VALUES(1,23,33,'refund','refund: request rejected',-10000,'2026-12-31 15:00:00.000000');
INSERT INTO order_entries VALUES(1,24,34,'charge','Swedish Massage, 45 min, 1 participant(s)',6500,'2026-12-30 15:00:00.000000');
INSERT INTO order_entries VALUES(1,25,34,'add_on','Scalp Massage x1',1200,'2026-12-30 15:00:00.000000');
INSERT INTO order_entries VALUES(1,26,34,'payment','paid in full at booking',7700,'2026-12-30 15:00:00.000000');
INSERT INTO order_entries VALUES(1,27,34,'adjustment','cancellation',-7700,'2026-12-31 15:00:00.000000');
INSERT INTO order_entries VALUES(1,28,34,'refund','refund: cancellation',-7700,'2026-12-31 15:00:00.000000');
INSERT INTO order_entries VALUES(1,29,35,'charge','Open Meditation Circle, 90 min, 1 participant(s)',0,'2026-12-30 15:00:00.000000');
INSERT INTO order_entries VALUES(1,30,35,'payment','paid in full at booking',0,'2026-12-30 15:00:00.000000');
INSERT INTO order_entries VALUES(1,31,36,'charge','Swedish Massage, 45 min, 1 participant(s)',6500,'2026-12-30 15:00:00.000000');
INSERT INTO order_entries VALUES(1,32,36,'add_on','Scalp Massage x1',1200,'2026-12-30 15:00:00.000000');
INSERT INTO order_entries VALUES(1,33,36,'payment','paid in full at booking',7700,'2026-12-30 15:00:00.000000');
INSERT INTO order_entries VALUES(1,34,37,'charge','Swedish Massage, 45 min, 1 participant(s)',6500,'2026-12-30 15:00:00.000000');
INSERT INTO order_entries VALUES(1,35,37,'add_on','Scalp Massage x1',1200,'2026-12-30 15:00:00.000000');
INSERT INTO order_entries VALUES(1,36,37,'payment','paid in full at booking',7700,'2026-12-30 15:00:00.000000');
INSERT INTO order_entries VALUES(1,37,38,'charge','Swedish Massage, 45 min, 1 participant(s)',6500,'2026-12-30 15:00:00.000000');
INSERT INTO order_entries VALUES(1,38,38,'add_on','Scalp Massage x1',1200,'2026-12-30 15:00:00.000000');
INSERT INTO order_entries VALUES(1,39,38,'payment','paid in full at booking',7700,'2026-12-30 15:00:00.000000');
INSERT INTO order_entries VALUES(1,40,39,'charge','Swedish Massage, 45 min, 1 participant(s)',6500,'2026-12-30 15:00:00.000000');
INSERT INTO order_entries VALUES(1,41,39,'add_on','Scalp Massage x1',1200,'2026-12-30 15:00:00.000000');
INSERT INTO order_entries VALUES(1,42,39,'payment','paid in full at booking',7700,'2026-12-30 15:00:00.000000');
CREATE TABLE reseller_clients (
	tenant_id INTEGER NOT NULL, 
	id INTEGER NOT NULL, 
	reseller_id INTEGER NOT NULL, 
	user_id VARCHAR, 
	issuer_id INTEGER, 
	member_number VARCHAR, 
	credits INTEGER NOT NULL, 
	copay_visits INTEGER NOT NULL, 
	lookup_enabled BOOLEAN NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (tenant_id, id), 
	FOREIGN KEY(tenant_id) REFERENCES tenants (id)
);
INSERT INTO reseller_clients VALUES(1,1,1,'fitperks-user-001',1,NULL,20,0,1,'2026-12-07 15:00:00.000000');
INSERT INTO reseller_clients VALUES(1,2,2,'wellbeing-works-user-001',2,'M0943969',20,0,1,'2026-12-07 15:00:00.000000');
INSERT INTO reseller_clients VALUES(1,3,1,'fitperks-user-002',3,'M7844736',0,0,1,'2026-12-07 15:00:00.000000');
INSERT INTO reseller_clients VALUES(1,4,2,'wellbeing-works-user-002',1,NULL,0,0,1,'2026-12-07 15:00:00.000000');
INSERT INTO reseller_clients VALUES(1,5,1,'fitperks-user-003',2,'M1027677',5,0,1,'2026-12-07 15:00:00.000000');
INSERT INTO reseller_clients VALUES(1,6,2,'wellbeing-works-user-003',3,'M5925556',5,0,1,'2026-12-07 15:00:00.000000');
INSERT INTO reseller_clients VALUES(1,7,1,'fitperks-user-004',1,NULL,40,0,1,'2026-12-07 15:00:00.000000');
INSERT INTO reseller_clients VALUES(1,8,2,'wellbeing-works-user-004',2,'M5881537',40,0,1,'2026-12-07 15:00:00.000000');
INSERT INTO reseller_clients VALUES(1,9,1,'fitperks-user-005',3,'M1473210',0,0,1,'2026-12-07 15:00:00.000000');
INSERT INTO reseller_clients VALUES(1,10,2,'wellbeing-works-user-005',1,NULL,0,0,1,'2026-12-07 15:00:00.000000');
INSERT INTO reseller_clients VALUES(1,11,1,'fitperks-user-006',2,'M4696325',12,0,0,'2026-12-07 15:00:00.000000');
INSERT INTO reseller_clients VALUES(1,12,2,'wellbeing-works-user-006',3,'M9532787',12,0,0,'2026-12-07 15:00:00.000000');
CREATE TABLE issued_passes (
	tenant_id INTEGER NOT NULL, 
	id INTEGER NOT NULL, 
	reseller_id INTEGER NOT NULL, 
	client_id INTEGER NOT NULL, 
	user_id VARCHAR NOT NULL, 
	pass_id INTEGER NOT NULL, 
	status VARCHAR(20) NOT NULL, 
	starts_at DATETIME NOT NULL, 
	expires_at DATETIME NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (tenant_id, id), 
	FOREIGN KEY(tenant_id) REFERENCES tenants (id)
);
INSERT INTO issued_passes VALUES(1,1,1,1,'fitperks-user-001',1,'active','2027-01-04 15:00:00.000000','2027-02-03 15:00:00.000000','2027-01-04 15:00:00.000000','2027-01-04 15:00:00.000000');
INSERT INTO issued_passes VALUES(1,2,2,2,'wellbeing-works-user-001',4,'active','2027-01-05 15:00:00.000000','2028-01-05 15:00:00.000000','2027-01-05 15:00:00.000000','2027-01-05 15:00:00.000000');
INSERT INTO issued_passes VALUES(1,3,1,3,'fitperks-user-002',2,'active','2027-01-01 15:00:00.000000','2027-01-31 15:00:00.000000','2027-01-01 15:00:00.000000','2027-01-01 15:00:00.000000');
INSERT INTO issued_passes VALUES(1,4,2,4,'wellbeing-works-user-002',5,'active','2026-12-29 15:00:00.000000','2027-01-28 15:00:00.000000','2026-12-29 15:00:00.000000','2026-12-29 15:00:00.000000');
INSERT INTO issued_passes VALUES(1,5,1,5,'fitperks-user-003',3,'active','2027-01-02 15:00:00.000000','2027-04-02 15:00:00.000000','2027-01-02 15:00:00.000000','2027-01-02 15:00:00.000000');
INSERT INTO issued_passes VALUES(1,6,2,6,'wellbeing-works-user-003',4,'active','2027-01-03 15:00:00.000000','2028-01-03 15:00:00.000000','2027-01-03 15:00:00.000000','2027-01-03 15:00:00.000000');
INSERT INTO issued_passes VALUES(1,7,1,7,'fitperks-user-004',1,'active','2026-12-06 15:00:00.000000','2027-01-05 15:00:00.000000','2026-12-06 15:00:00.000000','2026-12-06 15:00:00.000000');
INSERT INTO issued_passes VALUES(1,8,2,8,'wellbeing-works-user-004',5,'active','2026-12-06 15:00:00.000000','2027-01-05 15:00:00.000000','2026-12-06 15:00:00.000000','2026-12-06 15:00:00.000000');
CREATE TABLE lookups (
	tenant_id INTEGER NOT NULL, 
	id INTEGER NOT NULL, 
	public_id VARCHAR(40) NOT NULL, 
	reseller_id INTEGER NOT NULL, 
	issuer_id INTEGER NOT NULL, 
	client_id INTEGER NOT NULL, 
	status VARCHAR(20) NOT NULL, 
	attempts INTEGER NOT NULL, 
	expires_at DATETIME NOT NULL, 
	client_token VARCHAR(60), 
	token_expires_at DATETIME, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (tenant_id, id), 
	FOREIGN KEY(tenant_id) REFERENCES tenants (id)
);
CREATE TABLE visits (
	tenant_id INTEGER NOT NULL, 
	id INTEGER NOT NULL, 
	public_id VARCHAR(40) NOT NULL, 
	booking_id INTEGER NOT NULL, 
	reseller_id INTEGER NOT NULL, 
	client_id INTEGER NOT NULL, 
	flow VARCHAR(10) NOT NULL, 
	status VARCHAR(20) NOT NULL, 
	payment_method VARCHAR(20), 
	credits_charged INTEGER NOT NULL, 
	copay_purchase_id INTEGER, 
	hold_expires_at DATETIME, 
	rescheduled_from VARCHAR(40), 
	rescheduled_to VARCHAR(40), 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (tenant_id, id), 
	FOREIGN KEY(tenant_id) REFERENCES tenants (id)
);
CREATE TABLE purchases (
	tenant_id INTEGER NOT NULL, 
	id INTEGER NOT NULL, 
	public_id VARCHAR(40) NOT NULL, 
	reseller_id INTEGER NOT NULL, 
	client_id INTEGER NOT NULL, 
	kind VARCHAR(20) NOT NULL, 
	status VARCHAR(20) NOT NULL, 
	amount_minor INTEGER NOT NULL, 
	currency VARCHAR(3) NOT NULL, 
	credits INTEGER NOT NULL, 
	visits INTEGER NOT NULL, 
	visit_id INTEGER, 
	package_id INTEGER, 
	expires_at DATETIME, 
	created_at DATETIME, 
	PRIMARY KEY (tenant_id, id), 
	FOREIGN KEY(tenant_id) REFERENCES tenants (id)
);
CREATE TABLE access_codes (
	tenant_id INTEGER NOT NULL, 
	id INTEGER NOT NULL, 
	reseller_id INTEGER NOT NULL, 
	client_id INTEGER NOT NULL, 
	provider_id INTEGER NOT NULL, 
	code VARCHAR(6) NOT NULL, 
	expires_at DATETIME NOT NULL, 
	used_at DATETIME, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (tenant_id, id), 
	FOREIGN KEY(tenant_id) REFERENCES tenants (id)
);
CREATE TABLE stored_answers (
	tenant_id INTEGER NOT NULL, 
	"key" VARCHAR(255) NOT NULL, 
	fingerprint VARCHAR(64) NOT NULL, 
	status INTEGER NOT NULL, 
	body TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (tenant_id, "key"), 
	FOREIGN KEY(tenant_id) REFERENCES tenants (id)
);
CREATE TABLE time_slots (
	tenant_id INTEGER NOT NULL, 
	id INTEGER NOT NULL, 
	service_id INTEGER NOT NULL, 
	staff_id INTEGER, 
	weekday SMALLINT NOT NULL, 
	start_time TIME NOT NULL, 
	end_time TIME NOT NULL, 
	max_bookings INTEGER NOT NULL, 
	PRIMARY KEY (tenant_id, id), 
	FOREIGN KEY(tenant_id) REFERENCES tenants (id)
);
INSERT INTO time_slots VALUES(1,1,1,1,0,'09:00:00.000000','10:00:00.000000',1);
INSERT INTO time_slots VALUES(1,2,1,2,0,'10:00:00.000000','11:00:00.000000',1);
INSERT INTO time_slots VALUES(1,3,1,3,0,'11:00:00.000000','12:00:00.000000',1);
INSERT INTO time_slots VALUES(1,4,1,1,0,'12:00:00.000000','13:00:00.000000',1);
INSERT INTO time_slots VALUES(1,5,1,2,0,'13:00:00.000000','14:00:00.000000',1);
INSERT INTO time_slots VALUES(1,6,1,3,0,'14:00:00.000000','15:00:00.000000',1);
INSERT INTO time_slots VALUES(1,7,1,1,0,'15:00:00.000000','16:00:00.000000',1);
INSERT INTO time_slots VALUES(1,8,1,2,0,'16:00:00.000000','17:00:00.000000',1);
INSERT INTO time_slots VALUES(1,9,1,3,0,'17:00:00.000000','18:00:00.000000',1);
INSERT INTO time_slots VALUES(1,10,1,1,1,'09:00:00.000000','10:00:00.000000',1);
INSERT INTO time_slots VALUES(1,11,1,2,1,'10:00:00.000000','11:00:00.000000',1);
INSERT INTO time_slots VALUES(1,12,1,3,1,'11:00:00.000000','12:00:00.000000',1);
INSERT INTO time_slots VALUES(1,13,1,1,1,'12:00:00.000000','13:00:00.000000',1);
INSERT INTO time_slots VALUES(1,14,1,2,1,'13:00:00.000000','14:00:00.000000',1);
INSERT INTO time_slots VALUES(1,15,1,3,1,'14:00:00.000000','15:00:00.000000',1);
INSERT INTO time_slots VALUES(1,16,1,1,1,'15:00:00.000000','16:00:00.000000',1);
INSERT INTO time_slots VALUES(1,17,1,2,1,'16:00:00.000000','17:00:00.000000',1);
INSERT INTO time_slots VALUES(1,18,1,3,1,'17:00:00.000000','18:00:00.000000',1);
INSERT INTO time_slots VALUES(1,19,1,1,2,'09:00:00.000000','10:00:00.000000',1);
INSERT INTO time_slots VALUES(1,20,1,2,2,'10:00:00.000000','11:00:00.000000',1);
INSERT INTO time_slots VALUES(1,21,1,3,2,'11:00:00.000000','12:00:00.000000',1);
INSERT INTO time_slots VALUES(1,22,1,1,2,'12:00:00.000000','13:00:00.000000',1);
INSERT INTO time_slots VALUES(1,23,1,2,2,'13:00:00.000000','14:00:00.000000',1);
INSERT INTO time_slots VALUES(1,24,1,3,2,'14:00:00.000000','15:00:00.000000',1);
INSERT INTO time_slots VALUES(1,25,1,1,2,'15:00:00.000000','16:00:00.000000',1);
INSERT INTO time_slots VALUES(1,26,1,2,2,'16:00:00.000000','17:00:00.000000',1);
INSERT INTO time_slots VALUES(1,27,1,3,2,'17:00:00.000000','18:00:00.000000',1);
INSERT INTO time_slots VALUES(1,28,1,1,3,'09:00:00.000000','10:00:00.000000',1);
INSERT INTO time_slots VALUES(1,29,1,2,3,'10:00:00.000000','11:00:00.000000',1);
INSERT INTO time_slots VALUES(1,30,1,3,3,'11:00:00.000000','12:00:00.000000',1);
INSERT INTO time_slots VALUES(1,31,1,1,3,'12:00:00.000000','13:00:00.000000',1);
INSERT INTO time_slots VALUES(1,32,1,2,3,'13:00:00.000000','14:00:00.000000',1);
INSERT INTO time_slots VALUES(1,33,1,3,3,'14:00:00.000000','15:00:00.000000',1);
INSERT INTO time_slots VALUES(1,34,1,1,3,'15:00:00.000000','16:00:00.000000',1);
INSERT INTO time_slots VALUES(1,35,1,2,3,'16:00:00.000000','17:00:00.000000',1);
INSERT INTO time_slots VALUES(1,36,1,3,3,'17:00:00.000000','18:00:00.000000',1);
INSERT INTO time_slots VALUES(1,37,1,1,4,'09:00:00.000000','10:00:00.000000',1);
INSERT INTO time_slots VALUES(1,38,1,2,4,'10:00:00.000000','11:00:00.000000',1);
INSERT INTO time_slots VALUES(1,39,1,3,4,'11:00:00.000000','12:00:00.000000',1);
INSERT INTO time_slots VALUES(1,40,1,1,4,'12:00:00.000000','13:00:00.000000',1);
INSERT INTO time_slots VALUES(1,41,1,2,4,'13:00:00.000000','14:00:00.000000',1);
INSERT INTO time_slots VALUES(1,42,1,3,4,'14:00:00.000000','15:00:00.000000',1);
INSERT INTO time_slots VALUES(1,43,1,1,4,'15:00:00.000000','16:00:00.000000',1);
INSERT INTO time_slots VALUES(1,44,1,2,4,'16:00:00.000000','17:00:00.000000',1);
INSERT INTO time_slots VALUES(1,45,1,3,4,'17:00:00.000000','18:00:00.000000',1);
INSERT INTO time_slots VALUES(1,46,1,1,5,'10:00:00.000000','11:00:00.000000',1);
INSERT INTO time_slots VALUES(1,47,1,2,5,'11:00:00.000000','12:00:00.000000',1);
INSERT INTO time_slots VALUES(1,48,1,3,5,'12:00:00.000000','13:00:00.000000',1);
INSERT INTO time_slots VALUES(1,49,1,1,5,'13:00:00.000000','14:00:00.000000',1);
INSERT INTO time_slots VALUES(1,50,2,2,0,'09:00:00.000000','09:45:00.000000',2);
INSERT INTO time_slots VALUES(1,51,2,3,0,'10:00:00.000000','10:45:00.000000',2);
INSERT INTO time_slots VALUES(1,52,2,1,0,'11:00:00.000000','11:45:00.000000',2);
INSERT INTO time_slots VALUES(1,53,2,2,0,'12:00:00.000000','12:45:00.000000',2);
INSERT INTO time_slots VALUES(1,54,2,3,0,'13:00:00.000000','13:45:00.000000',2);
INSERT INTO time_slots VALUES(1,55,2,1,0,'14:00:00.000000','14:45:00.000000',2);
INSERT INTO time_slots VALUES(1,56,2,2,0,'15:00:00.000000','15:45:00.000000',2);
INSERT INTO time_slots VALUES(1,57,2,3,0,'16:00:00.000000','16:45:00.000000',2);
INSERT INTO time_slots VALUES(1,58,2,1,0,'17:00:00.000000','17:45:00.000000',2);
INSERT INTO time_slots VALUES(1,59,2,2,1,'09:00:00.000000','09:45:00.000000',2);
INSERT INTO time_slots VALUES(1,60,2,3,1,'10:00:00.000000','10:45:00.000000',2);
INSERT INTO time_slots VALUES(1,61,2,1,1,'11:00:00.000000','11:45:00.000000',2);
INSERT INTO time_slots VALUES(1,62,2,2,1,'12:00:00.000000','12:45:00.000000',2);
INSERT INTO time_slots VALUES(1,63,2,3,1,'13:00:00.000000','13:45:00.000000',2);
INSERT INTO time_slots VALUES(1,64,2,1,1,'14:00:00.000000','14:45:00.000000',2);
INSERT INTO time_slots VALUES(1,65,2,2,1,'15:00:00.000000','15:45:00.000000',2);
INSERT INTO time_slots VALUES(1,66,2,3,1,'16:00:00.000000','16:45:00.000000',2);
INSERT INTO time_slots VALUES(1,67,2,1,1,'17:00:00.000000','17:45:00.000000',2);
INSERT INTO time_slots VALUES(1,68,2,2,2,'09:00:00.000000','09:45:00.000000',2);
INSERT INTO time_slots VALUES(1,69,2,3,2,'10:00:00.000000','10:45:00.000000',2);
INSERT INTO time_slots VALUES(1,70,2,1,2,'11:00:00.000000','11:45:00.000000',2);
INSERT INTO time_slots VALUES(1,71,2,2,2,'12:00:00.000000','12:45:00.000000',2);
INSERT INTO time_slots VALUES(1,72,2,3,2,'13:00:00.000000','13:45:00.000000',2);
INSERT INTO time_slots VALUES(1,73,2,1,2,'14:00:00.000000','14:45:00.000000',2);
INSERT INTO time_slots VALUES(1,74,2,2,2,'15:00:00.000000','15:45:00.000000',2);
INSERT INTO time_slots VALUES(1,75,2,3,2,'16:00:00.000000','16:45:00.000000',2);
INSERT INTO time_slots VALUES(1,76,2,1,2,'17:00:00.000000','17:45:00.000000',2);
INSERT INTO time_slots VALUES(1,77,2,2,3,'09:00:00.000000','09:45:00.000000',2);
INSERT INTO time_slots VALUES(1,78,2,3,3,'10:00:00.000000','10:45:00.000000',2);
INSERT INTO time_slots VALUES(1,79,2,1,3,'11:00:00.000000','11:45:00.000000',2);
INSERT INTO time_slots VALUES(1,80,2,2,3,'12:00:00.000000','12:45:00.000000',2);
INSERT INTO time_slots VALUES(1,81,2,3,3,'13:00:00.000000','13:45:00.000000',2);
INSERT INTO time_slots VALUES(1,82,2,1,3,'14:00:00.000000','14:45:00.000000',2);
INSERT INTO time_slots VALUES(1,83,2,2,3,'15:00:00.000000','15:45:00.000000',2);
INSERT INTO time_slots VALUES(1,84,2,3,3,'16:00:00.000000','16:45:00.000000',2);
INSERT INTO time_slots VALUES(1,85,2,1,3,'17:00:00.000000','17:45:00.000000',2);
INSERT INTO time_slots VALUES(1,86,2,2,4,'09:00:00.000000','09:45:00.000000',2);
INSERT INTO time_slots VALUES(1,87,2,3,4,'10:00:00.000000','10:45:00.000000',2);
INSERT INTO time_slots VALUES(1,88,2,1,4,'11:00:00.000000','11:45:00.000000',2);
INSERT INTO time_slots VALUES(1,89,2,2,4,'12:00:00.000000','12:45:00.000000',2);
INSERT INTO time_slots VALUES(1,90,2,3,4,'13:00:00.000000','13:45:00.000000',2);
INSERT INTO time_slots VALUES(1,91,2,1,4,'14:00:00.000000','14:45:00.000000',2);
INSERT INTO time_slots VALUES(1,92,2,2,4,'15:00:00.000000','15:45:00.000000',2);
INSERT INTO time_slots VALUES(1,93,2,3,4,'16:00:00.000000','16:45:00.000000',2);
INSERT INTO time_slots VALUES(1,94,2,1,4,'17:00:00.000000','17:45:00.000000',2);
INSERT INTO time_slots VALUES(1,95,2,2,5,'10:00:00.000000','10:45:00.000000',2);
INSERT INTO time_slots VALUES(1,96,2,3,5,'11:00:00.000000','11:45:00.000000',2);
INSERT INTO time_slots VALUES(1,97,2,1,5,'12:00:00.000000','12:45:00.000000',2);
INSERT INTO time_slots VALUES(1,98,2,2,5,'13:00:00.000000','13:45:00.000000',2);
INSERT INTO time_slots VALUES(1,99,3,3,0,'09:00:00.000000','10:00:00.000000',12);
INSERT INTO time_slots VALUES(1,100,3,1,0,'12:00:00.000000','13:00:00.000000',12);
INSERT INTO time_slots VALUES(1,101,3,2,0,'15:00:00.000000','16:00:00.000000',12);
INSERT INTO time_slots VALUES(1,102,3,3,1,'09:00:00.000000','10:00:00.000000',12);
INSERT INTO time_slots VALUES(1,103,3,1,1,'12:00:00.000000','13:00:00.000000',12);
INSERT INTO time_slots VALUES(1,104,3,2,1,'15:00:00.000000','16:00:00.000000',12);
INSERT INTO time_slots VALUES(1,105,3,3,2,'09:00:00.000000','10:00:00.000000',12);
INSERT INTO time_slots VALUES(1,106,3,1,2,'12:00:00.000000','13:00:00.000000',12);
INSERT INTO time_slots VALUES(1,107,3,2,2,'15:00:00.000000','16:00:00.000000',12);
INSERT INTO time_slots VALUES(1,108,3,3,3,'09:00:00.000000','10:00:00.000000',12);
INSERT INTO time_slots VALUES(1,109,3,1,3,'12:00:00.000000','13:00:00.000000',12);
INSERT INTO time_slots VALUES(1,110,3,2,3,'15:00:00.000000','16:00:00.000000',12);
INSERT INTO time_slots VALUES(1,111,3,3,4,'09:00:00.000000','10:00:00.000000',12);
INSERT INTO time_slots VALUES(1,112,3,1,4,'12:00:00.000000','13:00:00.000000',12);
INSERT INTO time_slots VALUES(1,113,3,2,4,'15:00:00.000000','16:00:00.000000',12);
INSERT INTO time_slots VALUES(1,114,3,3,5,'10:00:00.000000','11:00:00.000000',12);
INSERT INTO time_slots VALUES(1,115,3,1,5,'13:00:00.000000','14:00:00.000000',12);
INSERT INTO time_slots VALUES(1,116,4,2,0,'09:00:00.000000','10:30:00.000000',20);
INSERT INTO time_slots VALUES(1,117,4,3,0,'13:00:00.000000','14:30:00.000000',20);
INSERT INTO time_slots VALUES(1,118,4,1,1,'09:00:00.000000','10:30:00.000000',20);
INSERT INTO time_slots VALUES(1,119,4,2,1,'13:00:00.000000','14:30:00.000000',20);
INSERT INTO time_slots VALUES(1,120,4,3,2,'09:00:00.000000','10:30:00.000000',20);
INSERT INTO time_slots VALUES(1,121,4,1,2,'13:00:00.000000','14:30:00.000000',20);
INSERT INTO time_slots VALUES(1,122,4,2,3,'09:00:00.000000','10:30:00.000000',20);
INSERT INTO time_slots VALUES(1,123,4,3,3,'13:00:00.000000','14:30:00.000000',20);
INSERT INTO time_slots VALUES(1,124,4,1,4,'09:00:00.000000','10:30:00.000000',20);
INSERT INTO time_slots VALUES(1,125,4,2,4,'13:00:00.000000','14:30:00.000000',20);
INSERT INTO time_slots VALUES(1,126,4,3,5,'10:00:00.000000','11:30:00.000000',20);
INSERT INTO time_slots VALUES(1,127,5,4,0,'09:00:00.000000','10:00:00.000000',1);
INSERT INTO time_slots VALUES(1,128,5,5,0,'10:00:00.000000','11:00:00.000000',1);
INSERT INTO time_slots VALUES(1,129,5,6,0,'11:00:00.000000','12:00:00.000000',1);
INSERT INTO time_slots VALUES(1,130,5,4,0,'12:00:00.000000','13:00:00.000000',1);
INSERT INTO time_slots VALUES(1,131,5,5,0,'13:00:00.000000','14:00:00.000000',1);
INSERT INTO time_slots VALUES(1,132,5,6,0,'14:00:00.000000','15:00:00.000000',1);
INSERT INTO time_slots VALUES(1,133,5,4,0,'15:00:00.000000','16:00:00.000000',1);
INSERT INTO time_slots VALUES(1,134,5,5,0,'16:00:00.000000','17:00:00.000000',1);
INSERT INTO time_slots VALUES(1,135,5,6,0,'17:00:00.000000','18:00:00.000000',1);
INSERT INTO time_slots VALUES(1,136,5,4,1,'09:00:00.000000','10:00:00.000000',1);
INSERT INTO time_slots VALUES(1,137,5,5,1,'10:00:00.000000','11:00:00.000000',1);
INSERT INTO time_slots VALUES(1,138,5,6,1,'11:00:00.000000','12:00:00.000000',1);
INSERT INTO time_slots VALUES(1,139,5,4,1,'12:00:00.000000','13:00:00.000000',1);
INSERT INTO time_slots VALUES(1,140,5,5,1,'13:00:00.000000','14:00:00.000000',1);
INSERT INTO time_slots VALUES(1,141,5,6,1,'14:00:00.000000','15:00:00.000000',1);
INSERT INTO time_slots VALUES(1,142,5,4,1,'15:00:00.000000','16:00:00.000000',1);
INSERT INTO time_slots VALUES(1,143,5,5,1,'16:00:00.000000','17:00:00.000000',1);
INSERT INTO time_slots VALUES(1,144,5,6,1,'17:00:00.000000','18:00:00.000000',1);
INSERT INTO time_slots VALUES(1,145,5,4,2,'09:00:00.000000','10:00:00.000000',1);
INSERT INTO time_slots VALUES(1,146,5,5,2,'10:00:00.000000','11:00:00.000000',1);
INSERT INTO time_slots VALUES(1,147,5,6,2,'11:00:00.000000','12:00:00.000000',1);
INSERT INTO time_slots VALUES(1,148,5,4,2,'12:00:00.000000','13:00:00.000000',1);
INSERT INTO time_slots VALUES(1,149,5,5,2,'13:00:00.000000','14:00:00.000000',1);
INSERT INTO time_slots VALUES(1,150,5,6,2,'14:00:00.000000','15:00:00.000000',1);
INSERT INTO time_slots VALUES(1,151,5,4,2,'15:00:00.000000','16:00:00.000000',1);
INSERT INTO time_slots VALUES(1,152,5,5,2,'16:00:00.000000','17:00:00.000000',1);
INSERT INTO time_slots VALUES(1,153,5,6,2,'17:00:00.000000','18:00:00.000000',1);
INSERT INTO time_slots VALUES(1,154,5,4,3,'09:00:00.000000','10:00:00.000000',1);
INSERT INTO time_slots VALUES(1,155,5,5,3,'10:00:00.000000','11:00:00.000000',1);
INSERT INTO time_slots VALUES(1,156,5,6,3,'11:00:00.000000','12:00:00.000000',1);
INSERT INTO time_slots VALUES(1,157,5,4,3,'12:00:00.000000','13:00:00.000000',1);
INSERT INTO time_slots VALUES(1,158,5,5,3,'13:00:00.000000','14:00:00.000000',1);
INSERT INTO time_slots VALUES(1,159,5,6,3,'14:00:00.000000','15:00:00.000000',1);
INSERT INTO time_slots VALUES(1,160,5,4,3,'15:00:00.000000','16:00:00.000000',1);
INSERT INTO time_slots VALUES(1,161,5,5,3,'16:00:00.000000','17:00:00.000000',1);
INSERT INTO time_slots VALUES(1,162,5,6,3,'17:00:00.000000','18:00:00.000000',1);
INSERT INTO time_slots VALUES(1,163,5,4,4,'09:00:00.000000','10:00:00.000000',1);
INSERT INTO time_slots VALUES(1,164,5,5,4,'10:00:00.000000','11:00:00.000000',1);
INSERT INTO time_slots VALUES(1,165,5,6,4,'11:00:00.000000','12:00:00.000000',1);
INSERT INTO time_slots VALUES(1,166,5,4,4,'12:00:00.000000','13:00:00.000000',1);
INSERT INTO time_slots VALUES(1,167,5,5,4,'13:00:00.000000','14:00:00.000000',1);
INSERT INTO time_slots VALUES(1,168,5,6,4,'14:00:00.000000','15:00:00.000000',1);
INSERT INTO time_slots VALUES(1,169,5,4,4,'15:00:00.000000','16:00:00.000000',1);
INSERT INTO time_slots VALUES(1,170,5,5,4,'16:00:00.000000','17:00:00.000000',1);
INSERT INTO time_slots VALUES(1,171,5,6,4,'17:00:00.000000','18:00:00.000000',1);
INSERT INTO time_slots VALUES(1,172,5,4,5,'10:00:00.000000','11:00:00.000000',1);
INSERT INTO time_slots VALUES(1,173,5,5,5,'11:00:00.000000','12:00:00.000000',1);
INSERT INTO time_slots VALUES(1,174,5,6,5,'12:00:00.000000','13:00:00.000000',1);
INSERT INTO time_slots VALUES(1,175,5,4,5,'13:00:00.000000','14:00:00.000000',1);
INSERT INTO time_slots VALUES(1,176,6,5,0,'09:00:00.000000','09:45:00.000000',2);
INSERT INTO time_slots VALUES(1,177,6,6,0,'10:00:00.000000','10:45:00.000000',2);
INSERT INTO time_slots VALUES(1,178,6,4,0,'11:00:00.000000','11:45:00.000000',2);
INSERT INTO time_slots VALUES(1,179,6,5,0,'12:00:00.000000','12:45:00.000000',2);
INSERT INTO time_slots VALUES(1,180,6,6,0,'13:00:00.000000','13:45:00.000000',2);
INSERT INTO time_slots VALUES(1,181,6,4,0,'14:00:00.000000','14:45:00.000000',2);
INSERT INTO time_slots VALUES(1,182,6,5,0,'15:00:00.000000','15:45:00.000000',2);
INSERT INTO time_slots VALUES(1,183,6,6,0,'16:00:00.000000','16:45:00.000000',2);
INSERT INTO time_slots VALUES(1,184,6,4,0,'17:00:00.000000','17:45:00.000000',2);
INSERT INTO time_slots VALUES(1,185,6,5,1,'09:00:00.000000','09:45:00.000000',2);
INSERT INTO time_slots VALUES(1,186,6,6,1,'10:00:00.000000','10:45:00.000000',2);
INSERT INTO time_slots VALUES(1,187,6,4,1,'11:00:00.000000','11:45:00.000000',2);
INSERT INTO time_slots VALUES(1,188,6,5,1,'12:00:00.000000','12:45:00.000000',2);
INSERT INTO time_slots VALUES(1,189,6,6,1,'13:00:00.000000','13:45:00.000000',2);
INSERT INTO time_slots VALUES(1,190,6,4,1,'14:00:00.000000','14:45:00.000000',2);
INSERT INTO time_slots VALUES(1,191,6,5,1,'15:00:00.000000','15:45:00.000000',2);
INSERT INTO time_slots VALUES(1,192,6,6,1,'16:00:00.000000','16:45:00.000000',2);
INSERT INTO time_slots VALUES(1,193,6,4,1,'17:00:00.000000','17:45:00.000000',2);
INSERT INTO time_slots VALUES(1,194,6,5,2,'09:00:00.000000','09:45:00.000000',2);
INSERT INTO time_slots VALUES(1,195,6,6,2,'10:00:00.000000','10:45:00.000000',2);
INSERT INTO time_slots VALUES(1,196,6,4,2,'11:00:00.000000','11:45:00.000000',2);
INSERT INTO time_slots VALUES(1,197,6,5,2,'12:00:00.000000','12:45:00.000000',2);
INSERT INTO time_slots VALUES(1,198,6,6,2,'13:00:00.000000','13:45:00.000000',2);
INSERT INTO time_slots VALUES(1,199,6,4,2,'14:00:00.000000','14:45:00.000000',2);
INSERT INTO time_slots VALUES(1,200,6,5,2,'15:00:00.000000','15:45:00.000000',2);
INSERT INTO time_slots VALUES(1,201,6,6,2,'16:00:00.000000','16:45:00.000000',2);
INSERT INTO time_slots VALUES(1,202,6,4,2,'17:00:00.000000','17:45:00.000000',2);
INSERT INTO time_slots VALUES(1,203,6,5,3,'09:00:00.000000','09:45:00.000000',2);
INSERT INTO time_slots VALUES(1,204,6,6,3,'10:00:00.000000','10:45:00.000000',2);
INSERT INTO time_slots VALUES(1,205,6,4,3,'11:00:00.000000','11:45:00.000000',2);
INSERT INTO time_slots VALUES(1,206,6,5,3,'12:00:00.000000','12:45:00.000000',2);
INSERT INTO time_slots VALUES(1,207,6,6,3,'13:00:00.000000','13:45:00.000000',2);
INSERT INTO time_slots VALUES(1,208,6,4,3,'14:00:00.000000','14:45:00.000000',2);
INSERT INTO time_slots VALUES(1,209,6,5,3,'15:00:00.000000','15:45:00.000000',2);
INSERT INTO time_slots VALUES(1,210,6,6,3,'16:00:00.000000','16:45:00.000000',2);
INSERT INTO time_slots VALUES(1,211,6,4,3,'17:00:00.000000','17:45:00.000000',2);
INSERT INTO time_slots VALUES(1,212,6,5,4,'09:00:00.000000','09:45:00.000000',2);
INSERT INTO time_slots VALUES(1,213,6,6,4,'10:00:00.000000','10:45:00.000000',2);
INSERT INTO time_slots VALUES(1,214,6,4,4,'11:00:00.000000','11:45:00.000000',2);
INSERT INTO time_slots VALUES(1,215,6,5,4,'12:00:00.000000','12:45:00.000000',2);
INSERT INTO time_slots VALUES(1,216,6,6,4,'13:00:00.000000','13:45:00.000000',2);
INSERT INTO time_slots VALUES(1,217,6,4,4,'14:00:00.000000','14:45:00.000000',2);
INSERT INTO time_slots VALUES(1,218,6,5,4,'15:00:00.000000','15:45:00.000000',2);
INSERT INTO time_slots VALUES(1,219,6,6,4,'16:00:00.000000','16:45:00.000000',2);
INSERT INTO time_slots VALUES(1,220,6,4,4,'17:00:00.000000','17:45:00.000000',2);
INSERT INTO time_slots VALUES(1,221,6,5,5,'10:00:00.000000','10:45:00.000000',2);
INSERT INTO time_slots VALUES(1,222,6,6,5,'11:00:00.000000','11:45:00.000000',2);
INSERT INTO time_slots VALUES(1,223,6,4,5,'12:00:00.000000','12:45:00.000000',2);
INSERT INTO time_slots VALUES(1,224,6,5,5,'13:00:00.000000','13:45:00.000000',2);
INSERT INTO time_slots VALUES(1,225,7,6,0,'09:00:00.000000','10:00:00.000000',12);
INSERT INTO time_slots VALUES(1,226,7,4,0,'12:00:00.000000','13:00:00.000000',12);
INSERT INTO time_slots VALUES(1,227,7,5,0,'15:00:00.000000','16:00:00.000000',12);
INSERT INTO time_slots VALUES(1,228,7,6,1,'09:00:00.000000','10:00:00.000000',12);
INSERT INTO time_slots VALUES(1,229,7,4,1,'12:00:00.000000','13:00:00.000000',12);
INSERT INTO time_slots VALUES(1,230,7,5,1,'15:00:00.000000','16:00:00.000000',12);
INSERT INTO time_slots VALUES(1,231,7,6,2,'09:00:00.000000','10:00:00.000000',12);
INSERT INTO time_slots VALUES(1,232,7,4,2,'12:00:00.000000','13:00:00.000000',12);
INSERT INTO time_slots VALUES(1,233,7,5,2,'15:00:00.000000','16:00:00.000000',12);
INSERT INTO time_slots VALUES(1,234,7,6,3,'09:00:00.000000','10:00:00.000000',12);
INSERT INTO time_slots VALUES(1,235,7,4,3,'12:00:00.000000','13:00:00.000000',12);
INSERT INTO time_slots VALUES(1,236,7,5,3,'15:00:00.000000','16:00:00.000000',12);
INSERT INTO time_slots VALUES(1,237,7,6,4,'09:00:00.000000','10:00:00.000000',12);
INSERT INTO time_slots VALUES(1,238,7,4,4,'12:00:00.000000','13:00:00.000000',12);
INSERT INTO time_slots VALUES(1,239,7,5,4,'15:00:00.000000','16:00:00.000000',12);
INSERT INTO time_slots VALUES(1,240,7,6,5,'10:00:00.000000','11:00:00.000000',12);
INSERT INTO time_slots VALUES(1,241,7,4,5,'13:00:00.000000','14:00:00.000000',12);
INSERT INTO time_slots VALUES(1,242,8,5,0,'09:00:00.000000','10:30:00.000000',20);
INSERT INTO time_slots VALUES(1,243,8,6,0,'13:00:00.000000','14:30:00.000000',20);
INSERT INTO time_slots VALUES(1,244,8,4,1,'09:00:00.000000','10:30:00.000000',20);
INSERT INTO time_slots VALUES(1,245,8,5,1,'13:00:00.000000','14:30:00.000000',20);
INSERT INTO time_slots VALUES(1,246,8,6,2,'09:00:00.000000','10:30:00.000000',20);
INSERT INTO time_slots VALUES(1,247,8,4,2,'13:00:00.000000','14:30:00.000000',20);
INSERT INTO time_slots VALUES(1,248,8,5,3,'09:00:00.000000','10:30:00.000000',20);
INSERT INTO time_slots VALUES(1,249,8,6,3,'13:00:00.000000','14:30:00.000000',20);
INSERT INTO time_slots VALUES(1,250,8,4,4,'09:00:00.000000','10:30:00.000000',20);
INSERT INTO time_slots VALUES(1,251,8,5,4,'13:00:00.000000','14:30:00.000000',20);
INSERT INTO time_slots VALUES(1,252,8,6,5,'10:00:00.000000','11:30:00.000000',20);
CREATE TABLE bookings (
	tenant_id INTEGER NOT NULL, 
	id INTEGER NOT NULL, 
	service_id INTEGER NOT NULL, 
	time_slot_id INTEGER NOT NULL, 
	customer_id INTEGER NOT NULL, 
	date DATE NOT NULL, 
	starts_at DATETIME NOT NULL, 
	ends_at DATETIME NOT NULL, 
	status VARCHAR(20) NOT NULL, 
	cancel_reason VARCHAR, 
	message VARCHAR, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (tenant_id, id), 
	FOREIGN KEY(tenant_id) REFERENCES tenants (id)
);
INSERT INTO bookings VALUES(1,1,1,27,3,'2027-01-13','2027-01-13 22:00:00.000000','2027-01-13 23:00:00.000000','pending',NULL,'Site in prove same easy city.','2027-01-02 15:00:00.000000','2027-01-02 15:00:00.000000');
INSERT INTO bookings VALUES(1,2,1,25,8,'2027-01-13','2027-01-13 20:00:00.000000','2027-01-13 21:00:00.000000','confirmed',NULL,'Current truth glass star the.','2026-12-29 15:00:00.000000','2026-12-29 15:00:00.000000');
INSERT INTO bookings VALUES(1,3,1,2,7,'2027-01-18','2027-01-18 15:00:00.000000','2027-01-18 16:00:00.000000','confirmed',NULL,'Everything attorney significant go meeting quickly.','2026-12-19 15:00:00.000000','2026-12-19 15:00:00.000000');
INSERT INTO bookings VALUES(1,4,2,71,2,'2027-01-13','2027-01-13 17:00:00.000000','2027-01-13 17:45:00.000000','pending',NULL,'Condition while enter board its.','2026-12-26 15:00:00.000000','2026-12-26 15:00:00.000000');
INSERT INTO bookings VALUES(1,5,2,77,7,'2027-01-07','2027-01-07 14:00:00.000000','2027-01-07 14:45:00.000000','confirmed',NULL,'Couple and job mind southern rather vote.','2026-12-30 15:00:00.000000','2026-12-30 15:00:00.000000');
INSERT INTO bookings VALUES(1,6,2,73,2,'2027-02-03','2027-02-03 19:00:00.000000','2027-02-03 19:45:00.000000','confirmed',NULL,'Perhaps professional by tonight medical project.','2026-12-26 15:00:00.000000','2026-12-26 15:00:00.000000');
INSERT INTO bookings VALUES(1,7,3,111,9,'2027-01-22','2027-01-22 14:00:00.000000','2027-01-22 15:00:00.000000','pending',NULL,'Court professor here security.','2026-12-31 15:00:00.000000','2026-12-31 15:00:00.000000');
INSERT INTO bookings VALUES(1,8,3,108,9,'2027-01-28','2027-01-28 14:00:00.000000','2027-01-28 15:00:00.000000','confirmed',NULL,'Fight decision size.','2026-12-17 15:00:00.000000','2026-12-17 15:00:00.000000');
INSERT INTO bookings VALUES(1,9,3,109,8,'2027-01-28','2027-01-28 17:00:00.000000','2027-01-28 18:00:00.000000','confirmed',NULL,'Put memory soldier where save probably.','2026-12-27 15:00:00.000000','2026-12-27 15:00:00.000000');
INSERT INTO bookings VALUES(1,10,4,124,2,'2027-01-22','2027-01-22 14:00:00.000000','2027-01-22 15:30:00.000000','pending',NULL,'Pull different current agency each.','2026-12-21 15:00:00.000000','2026-12-21 15:00:00.000000');
INSERT INTO bookings VALUES(1,11,4,125,8,'2027-01-08','2027-01-08 18:00:00.000000','2027-01-08 19:30:00.000000','confirmed',NULL,'Though offer responsibility himself hundred challenge.','2027-01-05 15:00:00.000000','2027-01-05 15:00:00.000000');
INSERT INTO bookings VALUES(1,12,4,117,4,'2027-02-01','2027-02-01 18:00:00.000000','2027-02-01 19:30:00.000000','confirmed',NULL,'Sound receive let newspaper.','2027-01-02 15:00:00.000000','2027-01-02 15:00:00.000000');
INSERT INTO bookings VALUES(1,13,5,156,8,'2027-01-14','2027-01-14 19:00:00.000000','2027-01-14 20:00:00.000000','pending',NULL,'Write other wear through partner rest measure.','2026-12-19 15:00:00.000000','2026-12-19 15:00:00.000000');
INSERT INTO bookings VALUES(1,14,5,155,12,'2027-01-14','2027-01-14 18:00:00.000000','2027-01-14 19:00:00.000000','confirmed',NULL,'Late seem style everyone sing machine dream.','2026-12-22 15:00:00.000000','2026-12-22 15:00:00.000000');
INSERT INTO bookings VALUES(1,15,5,131,4,'2027-01-25','2027-01-25 21:00:00.000000','2027-01-25 22:00:00.000000','confirmed',NULL,'From throw ball character him.','2027-01-01 15:00:00.000000','2027-01-01 15:00:00.000000');
INSERT INTO bookings VALUES(1,16,6,221,2,'2027-01-16','2027-01-16 18:00:00.000000','2027-01-16 18:45:00.000000','pending',NULL,'Imagine my indeed deal information toward.','2026-12-18 15:00:00.000000','2026-12-18 15:00:00.000000');
INSERT INTO bookings VALUES(1,17,6,220,10,'2027-01-08','2027-01-09 01:00:00.000000','2027-01-09 01:45:00.000000','confirmed',NULL,'Local wall fear hope through structure.','2026-12-19 15:00:00.000000','2026-12-19 15:00:00.000000');
INSERT INTO bookings VALUES(1,18,6,223,8,'2027-01-16','2027-01-16 20:00:00.000000','2027-01-16 20:45:00.000000','confirmed',NULL,'Event magazine home protect something.','2026-12-31 15:00:00.000000','2026-12-31 15:00:00.000000');
INSERT INTO bookings VALUES(1,19,7,239,10,'2027-01-15','2027-01-15 23:00:00.000000','2027-01-16 00:00:00.000000','pending',NULL,'Agree hour north agree poor career left.','2027-01-04 15:00:00.000000','2027-01-04 15:00:00.000000');
INSERT INTO bookings VALUES(1,20,7,233,6,'2027-02-03','2027-02-03 23:00:00.000000','2027-02-04 00:00:00.000000','confirmed',NULL,'Lawyer front they everything week.','2026-12-23 15:00:00.000000','2026-12-23 15:00:00.000000');
INSERT INTO bookings VALUES(1,21,7,233,8,'2027-01-13','2027-01-13 23:00:00.000000','2027-01-14 00:00:00.000000','confirmed',NULL,'See appear weight.','2026-12-29 15:00:00.000000','2026-12-29 15:00:00.000000');
INSERT INTO bookings VALUES(1,22,8,252,11,'2027-01-09','2027-01-09 18:00:00.000000','2027-01-09 19:30:00.000000','pending',NULL,'Senior wear current.','2027-01-05 15:00:00.000000','2027-01-05 15:00:00.000000');
INSERT INTO bookings VALUES(1,23,8,251,4,'2027-01-15','2027-01-15 21:00:00.000000','2027-01-15 22:30:00.000000','confirmed',NULL,'List boy way let.','2026-12-28 15:00:00.000000','2026-12-28 15:00:00.000000');
INSERT INTO bookings VALUES(1,24,8,247,10,'2027-01-20','2027-01-20 21:00:00.000000','2027-01-20 22:30:00.000000','confirmed',NULL,'White responsibility sing clearly find official up office.','2026-12-24 15:00:00.000000','2026-12-24 15:00:00.000000');
INSERT INTO bookings VALUES(1,25,1,1,13,'2027-02-01','2027-02-01 14:00:00.000000','2027-02-01 15:00:00.000000','pending',NULL,NULL,'2027-01-06 15:00:00.000000','2027-01-06 15:00:00.000000');
CREATE INDEX ix_fault_rules_sandbox ON fault_rules (sandbox_hash, id);
CREATE INDEX ix_webhooks_sandbox ON webhooks (sandbox_hash, id);
CREATE INDEX ix_deliveries_pending ON deliveries (state, next_attempt_at);
CREATE INDEX ix_deliveries_webhook ON deliveries (sandbox_hash, webhook_id, id);
CREATE INDEX ix_sandbox_use_last_used ON sandbox_use (last_used);
CREATE INDEX ix_tenants_sandbox ON tenants (sandbox_hash);
CREATE INDEX ix_providers_slug ON providers (tenant_id, slug);
CREATE INDEX ix_services_uuid ON services (tenant_id, uuid);
CREATE INDEX ix_customers_email ON customers (tenant_id, email_key);
CREATE INDEX ix_customers_phone ON customers (tenant_id, phone);
CREATE INDEX ix_customers_uuid ON customers (tenant_id, uuid);
CREATE INDEX ix_staff_location ON staff (tenant_id, location_id, id);
CREATE INDEX ix_staff_uuid ON staff (tenant_id, uuid);
CREATE INDEX ix_staff_shifts_staff ON staff_shifts (tenant_id, staff_id, weekday);
CREATE INDEX ix_blocked_times_staff ON blocked_times (tenant_id, staff_id, starts_at);
CREATE INDEX ix_blocked_times_provider ON blocked_times (tenant_id, provider_id, starts_at);
CREATE INDEX ix_reservations_service ON reservations (tenant_id, service_id, starts_at);
CREATE INDEX ix_reservations_provider ON reservations (tenant_id, provider_id, starts_at);
CREATE INDEX ix_reservations_series ON reservations (tenant_id, series_id, starts_at);
CREATE INDEX ix_reservations_staff ON reservations (tenant_id, staff_id, starts_at);
CREATE INDEX ix_participants_reservation ON participants (tenant_id, reservation_id, customer_id);
CREATE INDEX ix_add_ons_service ON add_ons (tenant_id, service_id, id);
CREATE INDEX ix_form_fields_service ON form_fields (tenant_id, service_id, position);
CREATE INDEX ix_folios_uuid ON folios (tenant_id, uuid);
CREATE INDEX ix_folios_number ON folios (tenant_id, number);
CREATE INDEX ix_order_entries_order ON order_entries (tenant_id, order_id, id);
CREATE INDEX ix_reseller_clients_user ON reseller_clients (tenant_id, reseller_id, user_id);
CREATE INDEX ix_reseller_clients_member ON reseller_clients (tenant_id, issuer_id, member_number);
CREATE INDEX ix_issued_passes_client ON issued_passes (tenant_id, client_id);
CREATE UNIQUE INDEX ix_issued_passes_user ON issued_passes (tenant_id, reseller_id, user_id);
CREATE INDEX ix_lookups_token ON lookups (tenant_id, client_token);
CREATE INDEX ix_lookups_public ON lookups (tenant_id, public_id);
CREATE INDEX ix_visits_public ON visits (tenant_id, public_id);
CREATE INDEX ix_visits_booking ON visits (tenant_id, booking_id);
CREATE INDEX ix_visits_client ON visits (tenant_id, client_id, id);
CREATE INDEX ix_purchases_public ON purchases (tenant_id, public_id);
CREATE INDEX ix_access_codes_code ON access_codes (tenant_id, provider_id, code);
CREATE INDEX ix_time_slots_service ON time_slots (tenant_id, service_id, weekday, id);
CREATE INDEX ix_bookings_service ON bookings (tenant_id, service_id, id);
CREATE INDEX ix_bookings_occurrence ON bookings (tenant_id, time_slot_id, date, status);
CREATE INDEX ix_bookings_customer ON bookings (tenant_id, customer_id, time_slot_id, date);
COMMIT;
