"""Names used implicitly, for vulture (`make deadcode`): Django, DRF, drf-spectacular and the
templates find them by name, so no Python code refers to them.

Vulture counts a name as used everywhere once it appears here. Add a name only when a framework
or a template really reads it; remove dead code instead of listing it.
"""

from types import SimpleNamespace

_ = SimpleNamespace()

# Django admin: ModelAdmin options and hooks, AdminSite texts, the formset attributes
# save_related sets for the admin's change message, and ModelForm.save(commit=...).
_.list_display
_.list_filter
_.search_fields
_.list_select_related
_.date_hierarchy
_.readonly_fields
_.autocomplete_fields
_.filter_horizontal
_.inlines
_.extra
_.can_delete
_.actions
_.get_actions
_.has_add_permission
_.has_change_permission
_.has_delete_permission
_.save_model
_.save_related
_.save_m2m
_.commit
_.new_objects
_.changed_objects
_.deleted_objects
_.site_header
_.site_title

# Model Meta options and app configs (found through INSTALLED_APPS).
_.ordering
_.constraints
_.indexes
_.verbose_name
_.verbose_name_plural
_.ApiConfig
_.DirectivesConfig
_.PortfolioConfig

# Management commands, URL configuration, WSGI/ASGI entry points.
_.Command
_.help
_.add_arguments
_.urlpatterns
_.app_name
_.application

# Django REST framework and django-filter: view and serializer options, hooks called by name
# (validate_<field>, get_<field> for SerializerMethodField, filter methods), the pagination
# class named in settings, and the feed token's user stand-in.
_.serializer_class
_.filterset_class
_.http_method_names
_.lookup_field
_.read_only_fields
_.authentication_classes
_.partial_update
_.PortfolioPagination
_.page_size
_.page_size_query_param
_.max_page_size
_.authenticate
_.authenticate_header
_.is_anonymous
_.is_staff
_.validate_sections
_.get_versions
_.get_budget
_.get_available_transitions
_.filter_committee
_.filter_party
_.filter_search
_.search
_.updated_since
# The portfolio list's filters (django-filter methods, form fields, template-only row fields).
_.filter_owner
_.filter_mine
_.filter_ordering
_.mine
_.q
_.state_value
_.extended

# drf-spectacular: the authentication extension for feed tokens.
_.FeedTokenScheme
_.target_class
_.get_security_definition
_.auto_schema

# Django syndication feed (Atom): options and item hooks.
_.feed_type
_.subtitle
_.language
_.link
_.item_title
_.item_description
_.item_link
_.item_guid
_.item_guid_is_permalink
_.item_pubdate
_.item_updateddate
_.item_categories

# pdfkit: overridden so options in the document's <meta> tags are never read.
_._find_options_in_meta

# Serializer fields: their names are the keys of the API's JSON (../shared/API.md).
_.state_label
_.kind_label
_.owner_party
_.outcome_label
_.recorded_by
_.deciding_body
_.feed_hidden_fields
_.required
_.guidance
_.written_by
_.saved_at
_.dated
_.party_name
_.by_resource

# Model fields and properties read only through strings (forms, serializers, lookups) and
# templates.
_.host_party
_.member_parties
_.left_on
_.decided_by_body
_.from_state
_.answered_by
_.answered_at
_.previous_end_date
_.decision_reference
_.imported_by
_.imported_at
_.is_public
_.recipient
_.project_group
_.reference_groups
_.tabled_from
_.last_used_at
_.paragraph_label
_.steering_chair

# Choices members, offered through .choices and .values.
_.REGION
_.MUNICIPALITY
_.ASSOCIATION
_.SUBSTITUTE
_.NO
_.EQUAL
_.SOLIDARY
_.AUDITOR

# django-fsm transitions, called by name (GateRule.start_transition, services.extensions._move).
_.recommend
_.start_prestudy
_.start_establishment
_.start_execution
_.start_closing
_.close

# The demo's documented assumptions (README: "listed in portfolio/demo/gns.py").
_.ASSUMPTIONS

# Dead, but in modules being reworked in parallel (issue #9): delete them there, then here.
_.RequirementSerializer
_.FeedFinancierSerializer

# Platform wiring: DRF view attributes, AppConfig.ready, middleware and django-axes callables
# named in settings, and signal receivers' keyword arguments.
_.throttle_classes
_.ready
_.NoStoreMiddleware
_.lockout_response
_.original_response
_.sender
_.verbosity

# Admin hooks and actions named in `actions`, inline options, DRF viewset methods.
_.revoke
_.delete_model
_.delete_queryset
_.fk_name
_.retrieve

# DRF and django-filter hooks (negotiation, pagination, parsers named in settings, filter fields).
_.field_class
_.select_renderer
_.format_suffix
_.get_page_size
_.SafeJSONParser
_.check_throttles

# Form hooks and field options Django calls by name; fsm transitions and choices used by value.
_.clean_requirements
_.clean_kind
_.default_validators
_.available_transitions
_.__qualname__
_.reject
_.REJECT
_.client_address

# Admin options Django reads by name (the audited password form of the user admin).
_.change_password_form

# Issue #12: serializer fields and hooks DRF reads by name, WorkItem fields the template
# and the API read, form field options Django reads.
_.project_name
_.get_kind_label
_.decisions_waiting
_.pagination_class
_.disabled
_.help_text
# Notifications (h13): a DRF method field and a serializer field read by name.
_.get_read
_.delivery
# Notifications: the app config, fields filled by queryset updates, a template tag.
_.NotificationsConfig
_.mailed_at
_.last_digest_on
_.unread_notifications
# The committee's record (issue #11): case and document kinds used by value (demo, forms, API),
# fields the admin, templates and audit read, DRF serializer fields and their get_/validate_
# hooks, and the document form's clean hook.
_.BUSINESS_PLAN
_.INTERIM_REPORT
_.AUDIT_REPORT
_.AUDIT_ANSWER
_.MERGER_PROPOSAL
_.OFFICIAL_MEMO
_.REPORT
_.ANSWER
_.uploaded_by
_.uploaded_at
_.approved_by
_.confirmed_by
_.replaces
_.clean_file
_.validators
_.download
_.get_download
_.meeting_date
_.decision_points
_.get_decision_points
_.get_decisions
_.proposal_points
_.get_proposal_points
_.confirmed
_.get_confirmed
_.validate_attendance
_.get_items
_.committee_name
_.paragraphs
_.get_paragraphs
_.get_minutes_pdf
# Named in settings (MIDDLEWARE), called by Django's forms (ModelChoiceField's option label)
# and by the templates ({% load form_help %}: field_attrs, field_error, num, as_input).
_.ApiLanguageMiddleware
_.label_from_instance
_.field_attrs
_.field_error
_.num
_.as_input
# Follow-up periods used by value ("T1", "T2", "Y"); a response's status set after rendering.
_.T1
_.T2
_.Y
_.status_code
# The portfolio list row's money column, read by the template.
_.deviation

# h19: Django reads a Func's output_field and function, and calls as_postgresql.
_.output_field  # noqa
_.function  # noqa
_.as_postgresql  # noqa

# h21: Django reads a model's manager names; templates and the API read these fields.
_.base_manager_name  # noqa
_.default_manager_name  # noqa
_.voided_at  # noqa
_.voided_by  # noqa
_.corrected_at  # noqa
_.corrections  # noqa
